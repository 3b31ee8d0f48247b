// Loader hooks for module-log.mjs: they run on the loader thread and append each loaded URL to the log.
import {appendFileSync} from 'node:fs';

let out;
export function initialize(data) {
	out = data.out;
}
export async function load(url, context, next) {
	appendFileSync(out, `esm:${url}\n`);
	return next(url, context);
}
