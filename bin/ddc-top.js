#!/usr/bin/env node
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
