// Runs `ddc-top export` as a real process for the tests: the command main.tsx dispatches to, with the
// process's own streams and without collectExtra (no containers or host in the export).
import {exportCommand} from '../../source/commands/export.js';
import {processIo} from './process-io.js';

process.exitCode = await exportCommand(process.argv.slice(2), processIo('test'));
