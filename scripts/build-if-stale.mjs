#!/usr/bin/env node
// `npm start`: runs the TypeScript build only when a source changed since dist/ was built, so a start with
// no change takes well under a second instead of a full tsc run. Stale means: a source file whose .js in
// dist/source is missing or older than it, or a tsconfig or package.json newer than the oldest output.
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'source');
const OUT = path.join(ROOT, 'dist', 'source');

function* files(dir) {
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* files(full);
		else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
	}
}

const mtime = (file) => {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
};

/** Why a build is needed, or undefined when dist/ is up to date. */
function staleBecause() {
	let oldestOutput = Number.POSITIVE_INFINITY;
	for (const file of files(SOURCE)) {
		const out = path.join(OUT, path.relative(SOURCE, file)).replace(/\.tsx?$/, '.js');
		const built = mtime(out);
		if (built === undefined) return `${path.relative(ROOT, out)} is missing`;
		if (built < mtime(file)) return `${path.relative(ROOT, file)} changed`;
		oldestOutput = Math.min(oldestOutput, built);
	}
	for (const config of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) {
		if ((mtime(path.join(ROOT, config)) ?? 0) > oldestOutput) return `${config} changed`;
	}
	return undefined;
}

const reason = staleBecause();
if (reason) {
	process.stderr.write(`build: ${reason}, running tsc\n`);
	const tsc = spawnSync(
		process.execPath,
		[path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')],
		{stdio: 'inherit'},
	);
	process.exit(tsc.status ?? 1);
}
