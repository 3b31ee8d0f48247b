#!/usr/bin/env node
import module from 'node:module';
import {homedir} from 'node:os';
import {isAbsolute, join} from 'node:path';

// Node >= 22.1 can keep the code it compiles for each module on disk, for later starts to reuse (what it
// saves is in the README's start-up figures). In the user's cache directory; where that is not writable Node
// says so in the returned status, which is ignored: ddc-top then starts without the cache.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, as for any Node program.
if (typeof module.enableCompileCache === 'function') {
	try {
		const xdg = process.env.XDG_CACHE_HOME;
		module.enableCompileCache(join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'ddc-top'));
	} catch {
		// No home directory to resolve: no cache.
	}
}
// Colors are decided when chalk loads, so --no-color / NO_COLOR must be settled before anything imports it.
if (process.argv.includes('--no-color') || process.env.NO_COLOR !== undefined || process.env.TERM === 'dumb') {
	process.env.FORCE_COLOR = '0';
}
// React's development build checks every render (about 40 % of a frame's cost): not for operators.
process.env.NODE_ENV ??= 'production';
const {main} = await import('../dist/source/main.js');
// Exit explicitly: a stray handle (a stats socket, stdin) must not keep a finished ddc-top alive.
// Writes to pipes, files and terminals are synchronous on Linux, so nothing printed is lost.
main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`ddc-top: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
