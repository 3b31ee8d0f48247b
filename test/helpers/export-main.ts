// Runs `ddc-top export` as a real process for the tests, exactly as cli.tsx dispatches it.
import {exportCommand} from '../../source/commands/export.js';
import {processIo} from './process-io.js';

process.exitCode = await exportCommand(process.argv.slice(2), processIo('test'));
