/**
 * The package as an operator gets it: `npm pack` the repository, `npm install -g` the tarball into a
 * throw-away prefix (production dependencies only, from the registry through the npm cache), and run the
 * installed `ddc-top` command. Catches a `files` list that misses a module, a runtime import of a
 * devDependency, and a broken bin script; none of which the in-repo tests can see.
 */

import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {REPO} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {tempDir} from '../helpers/temp-dir.js';

const run = promisify(execFile);
const PKG = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	files: string[];
	devDependencies: Record<string, string>;
};

/** `node` first on PATH is the node running this test, so the installed `#!/usr/bin/env node` script and npm run on it. */
const ENV = {...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1'};

async function sh(file: string, args: string[], cwd: string, timeoutMs = 90_000): Promise<string> {
	try {
		const {stdout} = await run(file, args, {cwd, env: ENV, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024});
		return stdout;
	} catch (error) {
		const e = error as {stdout?: string; stderr?: string; message: string};
		throw new Error(`${file} ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}`);
	}
}

test('npm pack + npm install -g: the installed ddc-top runs with production dependencies only', {timeout: 180_000}, async (t) => {
	const dir = tempDir('ddc-top-package-');
	// The prefix must not sit inside the repository: node would find the repository's node_modules (and its
	// devDependencies) by walking up, and the test would prove nothing.
	assert.ok(!path.resolve(dir).startsWith(REPO + path.sep), `temp dir ${dir} is inside the repository`);

	const packed = JSON.parse(await sh('npm', ['pack', '--json', '--pack-destination', dir], REPO)) as Array<{
		filename: string;
		files: Array<{path: string}>;
	}>;
	const tarball = path.join(dir, packed[0].filename);
	const files = packed[0].files.map((f) => f.path);

	await t.test('the tarball holds the command, the compiled modules and deploy/, nothing else', () => {
		assert.ok(files.includes('bin/ddc-top.js'), 'bin/ddc-top.js missing');
		assert.ok(files.includes('dist/source/main.js'), 'dist/source/main.js missing');
		assert.ok(files.includes('package.json'));
		if (existsSync(path.join(REPO, 'README.md'))) assert.ok(files.includes('README.md'), 'README.md missing');
		const stray = files.filter((f) => !/^(bin\/|dist\/source\/|deploy\/|package\.json$|README\.md$|LICENSE$)/.test(f));
		assert.deepEqual(stray, [], 'files outside bin/, dist/source/, deploy/ and the package metadata');
		// The exporter's Prometheus rules, scrape example, dashboard and systemd unit ship with the command.
		for (const f of ['deploy/ddc-top.rules.yml', 'deploy/prometheus.yml', 'deploy/grafana-dashboard.json', 'deploy/ddc-top.service'])
			assert.ok(files.includes(f), `${f} missing`);
		assert.ok(!files.some((f) => f.endsWith('.ts') || f.endsWith('.tsx')), 'TypeScript sources in the tarball');
		// Every compiled module the build produced is shipped (a `files` entry that is too narrow shows here).
		const built = compiledModules(path.join(REPO, 'dist', 'source')).map((f) => `dist/source/${f}`);
		assert.ok(built.length > 20, `only ${built.length} compiled modules in dist/source`);
		assert.deepEqual(
			built.filter((f) => !files.includes(f)),
			[],
			'compiled modules missing from the tarball',
		);
	});

	const prefix = path.join(dir, 'prefix');
	// --ignore-scripts: ssh2 and cpu-features compile optional native addons with node-gyp (10+ s, and against
	// the machine's Node 20 headers even on Node 22/24); ssh2 loads both inside try/catch, so without them is
	// the harder case and the one this test proves. --prefer-offline: `npm ci` has filled the cache.
	await sh('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], dir);
	const bin = path.join(prefix, 'bin', 'ddc-top');
	const installed = path.join(prefix, 'lib', 'node_modules', PKG.name);
	assert.ok(existsSync(bin), `${bin} was not created`);

	await t.test('no devDependency is reachable from the installed package', async () => {
		// Every directory node would search from the install, checked for each devDependency.
		const probe = `
			const {createRequire} = require('node:module');
			const paths = createRequire(${JSON.stringify(path.join(installed, 'package.json'))}).resolve.paths('x');
			const names = JSON.parse(process.argv[1]);
			const found = names.filter((n) => paths.some((p) => require('node:fs').existsSync(require('node:path').join(p, n))));
			process.stdout.write(JSON.stringify(found));`;
		// @types/* hold no code and may come in through a dependency's own dependencies.
		const dev = Object.keys(PKG.devDependencies).filter((n) => !n.startsWith('@types/'));
		assert.ok(dev.includes('tsx') && dev.includes('typescript'), 'expected tsx and typescript among the devDependencies');
		const found = JSON.parse(await sh(process.execPath, ['-e', probe, JSON.stringify(dev)], installed)) as string[];
		assert.deepEqual(found, [], 'devDependencies installed with the package');
	});

	await t.test('every compiled module loads from the install (no devDependency imported at run time)', async () => {
		const loader = `
			const {readdirSync} = await import('node:fs');
			const {join} = await import('node:path');
			const {pathToFileURL} = await import('node:url');
			const root = join(process.cwd(), 'dist', 'source');
			const files = readdirSync(root, {recursive: true}).filter((f) => f.endsWith('.js'));
			for (const f of files) await import(pathToFileURL(join(root, f)).href);
			process.stdout.write(String(files.length));
			process.exit(0);`;
		const count = Number(await sh(process.execPath, ['--input-type=module', '-e', loader], installed));
		assert.ok(count > 20, `only ${count} modules imported`);
	});

	await t.test('--version prints the package version', async () => {
		assert.equal((await sh(bin, ['--version'], dir)).trim(), PKG.version);
	});

	await t.test('--once --json --no-docker reads a metrics file', async () => {
		const now = Date.now() / 1000;
		const metrics = path.join(dir, 'performance_metrics.jsonl');
		writeFileSync(
			metrics,
			ddcLine({operation: 'config_load', end: now - 30, duration: 0.2}) +
				ddcLine({operation: 'config_load', end: now - 20, duration: 0.4, success: false}) +
				ddcLine({operation: 'web_login', end: now - 10, duration: 0.05}) +
				'not json\n',
		);
		const doc = JSON.parse(await sh(bin, ['--once', '--json', '--no-docker', '--metrics', metrics], dir)) as {
			statistics: Record<string, {total_calls: number; failed_calls: number; successful_calls: number}>;
			ddc_top: Record<string, unknown>;
		};
		assert.deepEqual(Object.keys(doc.statistics).sort(), ['config_load', 'web_login']);
		assert.equal(doc.statistics.config_load.total_calls, 2);
		assert.equal(doc.statistics.config_load.failed_calls, 1);
		assert.equal(doc.statistics.web_login.successful_calls, 1);
		assert.ok(!('containers' in doc.ddc_top), '--no-docker still sampled containers');
	});
});

/** The compiled modules under `root`, relative, with forward slashes as npm lists tarball entries. */
function compiledModules(root: string): string[] {
	return (readdirSync(root, {recursive: true}) as string[])
		.filter((f) => f.endsWith('.js'))
		.map((f) => f.split(path.sep).join('/'))
		.sort();
}
