/**
 * The folders' rules, read from the source itself so a stray import fails here rather than in review:
 * core is pure logic and imports nothing outside core (no sources, effects, state or ui, no I/O module);
 * terminal-output may use core but nothing above it.
 */

import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {REPO} from '../helpers/child.js';

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:(?<=[\s}])from\s*|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** The modules of source/<folder>, its subfolders included. */
function modules(folder: string): string[] {
	const dir = path.join(REPO, 'source', folder);
	return readdirSync(dir, {recursive: true, encoding: 'utf8'})
		.filter((name) => /\.tsx?$/.test(name))
		.map((name) => path.join(dir, name));
}

/** A relative import of `file` lands inside one of source/<folders>. */
function inside(file: string, spec: string, folders: readonly string[]): boolean {
	const target = path.resolve(path.dirname(file), spec);
	return folders.some((folder) => target.startsWith(path.join(REPO, 'source', folder) + path.sep));
}

/** Packages core may use: pure computation, no I/O. */
const CORE_PACKAGES = new Set(['node:path', 'hdr-histogram-js']);

test('core imports only core and pure packages', () => {
	const files = modules('core');
	assert.ok(files.length > 30, `core found (${files.length} modules)`);
	const leaks: string[] = [];
	for (const file of files) {
		for (const spec of specifiers(file)) {
			const ok = spec.startsWith('.') ? inside(file, spec, ['core']) : CORE_PACKAGES.has(spec);
			if (!ok) leaks.push(`${path.basename(file)} imports ${spec}`);
		}
	}
	assert.deepEqual(leaks, []);
});

test('terminal-output holds the screen-writing modules and imports only core and itself', () => {
	const files = modules('terminal-output');
	const names = files.map((f) => path.basename(f)).sort();
	for (const expected of ['frame-diff.ts', 'frame-writer.ts', 'paint.ts', 'plain-table.ts', 'sgr.ts']) {
		assert.ok(names.includes(expected), `${expected} in source/terminal-output (found ${names.join(', ')})`);
	}
	const leaks: string[] = [];
	for (const file of files) {
		for (const spec of specifiers(file)) {
			if (!spec.startsWith('.')) continue;
			if (!inside(file, spec, ['core', 'terminal-output'])) leaks.push(`${path.basename(file)} imports ${spec}`);
		}
	}
	assert.deepEqual(leaks, []);
});

test('the sample types are defined in core, not in the sources contract', () => {
	// They live in core/samples.ts (and Clock in core/clock.ts); sources/source.ts keeps only the source API.
	const contract = readFileSync(path.join(REPO, 'source/sources/source.ts'), 'utf8');
	for (const name of ['ContainerSample', 'ContainerListing', 'HostSample', 'DockerStatus', 'TailState', 'Clock']) {
		assert.doesNotMatch(contract, new RegExp(`export (?:type|interface) ${name}\\b`), `${name} is not defined in sources/source.ts`);
	}
});

test('state imports only core and itself: it depends on the events, not on the sources that emit them', () => {
	const files = modules('state');
	assert.ok(
		files.some((f) => path.basename(f) === 'store.ts'),
		'state found',
	);
	const leaks: string[] = [];
	for (const file of files) {
		for (const spec of specifiers(file)) {
			if (!inside(file, spec, ['core', 'state'])) leaks.push(`${path.basename(file)} imports ${spec}`);
		}
	}
	assert.deepEqual(leaks, []);
});
