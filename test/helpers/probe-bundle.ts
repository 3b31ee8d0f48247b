/**
 * Runs a TypeScript helper as another user (e.g. `nobody`, since root ignores file permissions). That user
 * may not be able to read the checkout at all (a clone under /root or in a `mktemp -d` folder), so neither
 * tsx nor node_modules can be loaded from there: the helper is bundled with esbuild into ONE dependency-free
 * file in a fresh world-readable temp folder, and run from there with a node that user can execute.
 */
import {execFile} from 'node:child_process';
import {chmodSync, copyFileSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {build} from 'esbuild';

const run = promisify(execFile);

// CommonJS dependencies (dockerode, ssh2) call require() and use __dirname; an ESM file has neither.
const BANNER = [
	"import {createRequire as __probeCreateRequire} from 'node:module';",
	"import {fileURLToPath as __probeFileURLToPath} from 'node:url';",
	"import {dirname as __probeDirname} from 'node:path';",
	'const require = __probeCreateRequire(import.meta.url);',
	'const __filename = __probeFileURLToPath(import.meta.url);',
	'const __dirname = __probeDirname(__filename);',
].join('\n');

export interface UserProbe {
	/** The world-readable folder holding the bundle (and a node copy when needed). */
	dir: string;
	/** Runs the bundle with these arguments (as uid/gid `id` when we are root); resolves stdout. */
	run(args: string[]): Promise<string>;
	remove(): void;
}

async function canExecute(node: string, id: number): Promise<boolean> {
	try {
		await run('setpriv', [`--reuid=${id}`, `--regid=${id}`, '--clear-groups', node, '-e', '0'], {timeout: 30_000, cwd: '/'});
		return true;
	} catch {
		return false;
	}
}

export async function bundleProbe(entry: string, id = 65_534): Promise<UserProbe> {
	// Only root can switch users; anyone else already is an unprivileged user.
	const asRoot = process.getuid?.() === 0;
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ddctop-probe-'));
	try {
		chmodSync(dir, 0o755);
		const script = path.join(dir, 'probe.mjs');
		await build({
			entryPoints: [entry],
			outfile: script,
			bundle: true,
			format: 'esm',
			platform: 'node',
			target: 'node20',
			banner: {js: BANNER},
			// ssh2's optional native addons: required inside try/catch, absent at run time is fine.
			external: ['cpu-features', '*.node'],
			logLevel: 'error',
		});
		chmodSync(script, 0o644);
		// A node under a private folder (e.g. a version manager in /root) is copied beside the bundle.
		let node = process.execPath;
		if (asRoot && !(await canExecute(node, id))) {
			node = path.join(dir, 'node');
			copyFileSync(process.execPath, node);
			chmodSync(node, 0o755);
		}
		return {
			dir,
			async run(args) {
				const [cmd, argv] = asRoot
					? ['setpriv', [`--reuid=${id}`, `--regid=${id}`, '--clear-groups', node, script, ...args]]
					: [node, [script, ...args]];
				const {stdout} = await run(cmd, argv, {cwd: dir, timeout: 30_000});
				return stdout;
			},
			remove: () => rmSync(dir, {recursive: true, force: true}),
		};
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}
