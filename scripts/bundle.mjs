#!/usr/bin/env node
// Bundles ddc-top into ONE file, dist/ddc-top.mjs, that runs with a plain `node` and no node_modules
// (`npm run bundle` builds dist/source first). The entry is bin/ddc-top.js itself, so the bundle starts
// exactly as the installed command does: colour env first, then main(), then process.exit.
//
// Why each setting:
// - ESM, not CJS: yoga-layout (Ink's layout engine) uses top-level await.
// - CommonJS dependencies (dockerode, docker-modem, ssh2, systeminformation) call require() for Node
//   built-ins and use __dirname; an ESM file has neither, so the banner makes them from import.meta.url.
// - Ink's DEV=true mode (React devtools) is off in the bundle: with DEV=true Ink reads its own package.json
//   beside its module, which does not exist next to a single file, and crashes at start-up. A generic
//   variable like DEV may well be set on an operator's host. react-devtools-core, imported only in that
//   mode and not a dependency, gets a stub so the dead import still resolves.
// - Native addons ssh2 may load (cpu-features, its own sshcrypto.node) are optional: ssh2 requires both
//   inside try/catch and falls back to pure JS (Node's crypto), so they stay external and are simply
//   missing at run time. esbuild could not inline a .node file anyway.
// - dockerode's BuildKit session module (lib/session.js, for image builds, which ddc-top never does) is
//   replaced by the same stub the unbundled code puts in the require cache
//   (source/sources/dockerode-lean.ts, which is emptied here): gRPC and protobuf stay out. docker-modem's
//   lib/ssh.js is, as there, a function that runs the real one on first use, so ssh2 (bundled, ~13 MB of
//   RSS once loaded) is initialised only for an ssh:// host.
import {readFileSync, statSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'ddc-top.mjs');
const ENTRY = path.join(ROOT, 'bin', 'ddc-top.js');
const MAIN = path.join(ROOT, 'dist', 'source', 'main.js');

function fail(message) {
	process.stderr.write(`bundle.mjs: ${message}\n`);
	process.exit(1);
}

try {
	statSync(MAIN);
} catch {
	fail(`${path.relative(ROOT, MAIN)} is missing: run \`npm run build\` first (or use \`npm run bundle\`)`);
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

// The names are prefixed so they cannot collide with a bundled module's own top-level helpers.
// No hashbang here: esbuild keeps the entry's own `#!/usr/bin/env node` on line 1 and puts the banner after it
// (a second hashbang on line 2 would be a syntax error). The check after the build makes sure of line 1.
const banner = [
	`// ddc-top ${pkg.version}: single-file bundle (scripts/bundle.mjs). Licenses of bundled packages at the end.`,
	"import {createRequire as __ddcTopCreateRequire} from 'node:module';",
	"import {fileURLToPath as __ddcTopFileURLToPath} from 'node:url';",
	"import {dirname as __ddcTopDirname} from 'node:path';",
	'const require = __ddcTopCreateRequire(import.meta.url);',
	'const __filename = __ddcTopFileURLToPath(import.meta.url);',
	'const __dirname = __ddcTopDirname(__filename);',
].join('\n');

/** Resolves `react-devtools-core` to an empty module: only Ink's DEV=true path imports it. */
const devtoolsStub = {
	name: 'react-devtools-core-stub',
	setup(b) {
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'ddc-top-stub'}));
		b.onLoad({filter: /.*/, namespace: 'ddc-top-stub'}, () => ({
			contents: 'export default {initialize() {}, connectToDevTools() {}};',
			loader: 'js',
		}));
	},
};

/** dockerode without BuildKit sessions (no gRPC or protobuf in the bundle), ssh2 initialised on first use. */
const dockerodeLean = {
	name: 'dockerode-lean',
	setup(b) {
		b.onLoad({filter: /[\\/]dockerode[\\/]lib[\\/]session\.js$/}, () => ({
			contents: "module.exports = function withSession() { throw new Error('BuildKit sessions are not supported by ddc-top'); };",
			loader: 'js',
		}));
		// The real ssh.js, under another namespace so it is a module apart from the stub that takes its path.
		b.onResolve({filter: /^ddc-top-real-ssh:/}, (args) => ({
			path: args.path.slice('ddc-top-real-ssh:'.length),
			namespace: 'ddc-top-real-ssh',
		}));
		b.onLoad({filter: /.*/, namespace: 'ddc-top-real-ssh'}, async (args) => ({
			contents: await readFile(args.path, 'utf8'),
			resolveDir: path.dirname(args.path),
			loader: 'js',
		}));
		b.onLoad({filter: /[\\/]docker-modem[\\/]lib[\\/]ssh\.js$/}, (args) => ({
			contents: `module.exports = function ssh(options) { return require(${JSON.stringify(`ddc-top-real-ssh:${args.path}`)})(options); };`,
			loader: 'js',
		}));
		// Its job (require-cache entries) is done above; in one file it could not resolve dockerode anyway.
		b.onLoad({filter: /[\\/]sources[\\/]dockerode-lean\.js$/}, () => ({contents: '', loader: 'js'}));
	},
};

/** Ink's isDev() always false: see above. Fails the build if Ink's utils.js no longer looks as expected. */
const inkDevOff = {
	name: 'ink-dev-off',
	setup(b) {
		b.onLoad({filter: /[\\/]ink[\\/]build[\\/]utils\.js$/}, async (args) => {
			const source = await readFile(args.path, 'utf8');
			const patched = source.replace("process.env['DEV'] === 'true'", 'false');
			if (patched === source) throw new Error(`${args.path}: Ink's DEV check not found; update the ink-dev-off plugin`);
			return {contents: patched, loader: 'js'};
		});
	},
};

const result = await build({
	entryPoints: [ENTRY],
	outfile: OUT,
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	banner: {js: banner},
	define: {
		__DDC_TOP_VERSION__: JSON.stringify(pkg.version),
		// React and friends pick their production builds, as any bundler would for a release.
		'process.env.NODE_ENV': '"production"',
	},
	external: ['cpu-features', '*.node'],
	plugins: [devtoolsStub, inkDevOff, dockerodeLean],
	minify: true,
	// Readable stack traces in bug reports: keep function and class names.
	keepNames: true,
	legalComments: 'eof',
	metafile: true,
	logLevel: 'warning',
	logOverride: {
		// systeminformation's macOS-only sensors (osx-/macos-temperature-sensor) are required inside
		// try/catch and never installed on Linux; esbuild reports them as unresolved, which is expected.
		'require-resolve-not-external': 'silent',
		// bin/ddc-top.js sets NODE_ENV ??= 'production' at run time for the unbundled install; here the
		// define above already made it production at build time (only React's production build is bundled),
		// so that assignment is a harmless leftover.
		'assign-to-define': 'silent',
	},
}).catch((error) => fail(error instanceof Error ? error.message : String(error)));

const first = readFileSync(OUT, 'utf8').split('\n', 1)[0];
if (first !== '#!/usr/bin/env node') fail(`${OUT} does not start with the hashbang (line 1: ${first.slice(0, 60)})`);
const bytes = statSync(OUT).size;
const inputs = Object.keys(result.metafile.inputs).length;
process.stdout.write(
	`bundle.mjs: ${path.relative(ROOT, OUT)} ${(bytes / 1024 / 1024).toFixed(2)} MiB from ${inputs} modules (ddc-top ${pkg.version})\n`,
);
