/**
 * The UI and the state only ask for work: cleanup and export run in effects and commands, wired by the
 * app (menu-effects.ts). A stray import of either from ui/ or state/ fails here.
 */

import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {REPO} from '../helpers/child.js';

function filesUnder(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
		e.isDirectory() ? filesUnder(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
	);
}

test('ui and state import nothing from effects or commands', () => {
	const files = ['ui', 'state'].flatMap((folder) => filesUnder(path.join(REPO, 'source', folder)));
	assert.ok(
		files.some((f) => f.endsWith('create-menu.ts')),
		'the menu controller is among the files read',
	);
	const leaks: string[] = [];
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g)) {
			if (/(?:^|\/)(?:effects|commands)\//.test(m[1])) leaks.push(`${path.relative(REPO, file)} imports ${m[1]}`);
		}
	}
	assert.deepEqual(leaks, []);
});
