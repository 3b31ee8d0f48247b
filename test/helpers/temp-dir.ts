import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after} from 'node:test';

/** A fresh directory under the OS temp dir, removed when the test file ends. */
export function tempDir(prefix = 'ddc-top-'): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}
