// Runs `ddc-top cleanup` as a real process for the tests: the command main.tsx dispatches to, with the
// process's own streams.
import {cleanupCommand} from '../../source/commands/cleanup.js';
import {processIo} from './process-io.js';

process.exitCode = await cleanupCommand(process.argv.slice(2), processIo('test'));
