// Preload (`node --import <this file> ...`): records every module the process loads, one URL or path a line,
// in the file named by DDC_TOP_MODULE_LOG. ES modules are seen by a load hook (which also sees a CommonJS
// package the moment it is imported from ESM); CommonJS files required from there are in require.cache,
// written out at exit. Used to prove a code path does not load what it does not need.
import {appendFileSync, writeFileSync} from 'node:fs';
import {createRequire, register} from 'node:module';

const out = process.env.DDC_TOP_MODULE_LOG;
if (out) {
	writeFileSync(out, '');
	register(new URL('./module-log-hooks.mjs', import.meta.url), {data: {out}});
	const cache = createRequire(import.meta.url).cache;
	process.on('exit', () =>
		appendFileSync(
			out,
			Object.keys(cache)
				.map((p) => `cjs:${p}\n`)
				.join(''),
		),
	);
}
