// `npm start` builds only when a source changed (scripts/build-if-stale.mjs), run here in a copy of the
// layout with a stand-in tsc that records its calls and writes the outputs.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {tempDir} from '../helpers/temp-dir.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-stale.mjs', import.meta.url));

const FAKE_TSC = `
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '../../..');
fs.appendFileSync(path.join(root, 'tsc-calls'), process.argv.slice(2).join(' ') + '\\n');
const out = path.join(root, 'dist/source');
fs.mkdirSync(path.join(out, 'ui'), {recursive: true});
const at = new Date(Number(process.env.BUILD_AT));
for (const f of ['main.js', 'ui/app.js']) {
	fs.writeFileSync(path.join(out, f), '');
	fs.utimesSync(path.join(out, f), at, at);
}
`;

function layout(): string {
	const root = tempDir('ddc-top-start-');
	for (const dir of ['scripts', 'source/ui', 'node_modules/typescript/bin']) mkdirSync(path.join(root, dir), {recursive: true});
	copyFileSync(SCRIPT, path.join(root, 'scripts/build-if-stale.mjs'));
	writeFileSync(path.join(root, 'node_modules/typescript/bin/tsc'), FAKE_TSC);
	writeFileSync(path.join(root, 'node_modules/typescript/package.json'), '{"type": "commonjs"}');
	for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) writeFileSync(path.join(root, f), '{}');
	writeFileSync(path.join(root, 'source/main.ts'), 'export {};');
	writeFileSync(path.join(root, 'source/ui/app.tsx'), 'export {};');
	// Everything in the past, so what a test touches is newer.
	const past = minutes(-60);
	for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'source/main.ts', 'source/ui/app.tsx'])
		utimesSync(path.join(root, f), past, past);
	return root;
}

const T0 = Date.now();
const minutes = (n: number) => new Date(T0 + n * 60_000);

/** Runs the script; a build it starts writes its outputs dated `buildAt` (sources are dated an hour back). */
function start(root: string, buildAt = minutes(0)) {
	const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs')], {
		encoding: 'utf8',
		timeout: 30_000,
		env: {...process.env, BUILD_AT: String(buildAt.getTime())},
	});
	const calls = existsSync(path.join(root, 'tsc-calls')) ? readFileSync(path.join(root, 'tsc-calls'), 'utf8').trim().split('\n').length : 0;
	return {code: r.status, stderr: r.stderr, calls};
}

test('builds when dist/ is missing, then not again until a source, a tsconfig or package.json changes', () => {
	const root = layout();
	const first = start(root);
	assert.equal(first.code, 0, first.stderr);
	assert.equal(first.calls, 1);
	assert.match(first.stderr, /dist\/source\/.*\.js is missing/);

	const again = start(root);
	assert.equal(again.calls, 1, 'no source changed: no build');
	assert.equal(again.stderr, '');

	utimesSync(path.join(root, 'source/ui/app.tsx'), minutes(1), minutes(1));
	const edited = start(root, minutes(2));
	assert.equal(edited.calls, 2);
	assert.match(edited.stderr, /source\/ui\/app\.tsx changed/);

	assert.equal(start(root).calls, 2, 'built once for that edit, not again');
	utimesSync(path.join(root, 'tsconfig.build.json'), minutes(3), minutes(3));
	const config = start(root, minutes(4));
	assert.equal(config.calls, 3);
	assert.match(config.stderr, /tsconfig\.build\.json changed/);
});

test('a new source file without its output is a change', () => {
	const root = layout();
	start(root);
	writeFileSync(path.join(root, 'source/added.ts'), 'export {};');
	const r = start(root);
	assert.equal(r.calls, 2);
	assert.match(r.stderr, /dist\/source\/added\.js is missing/);
});
