#!/usr/bin/env node
// Screenshots of the real app (`npm run screenshots`): bin/ddc-top.js --demo runs in tmux at 80x24 and
// 160x48, next to real containers when a Docker engine answers; once the screen shows numbers and full
// sparklines, `tmux capture-pane -e -p` takes the screen with its colours, ansi-to-svg.mjs draws it as
// SVG and rsvg-convert (Debian librsvg2-bin) turns that into screenshots/*.png. More pictures show the
// help overlay (`?`) and the views behind the tables (VIEWS: the operation detail, the container detail),
// opened with their keys as an operator would. Every wait polls the screen with a deadline.
//
// Containers `ddc`, `minecraft` and `valheim` are created with a label and removed at the end; a container
// of one of those names WITHOUT the label is somebody else's and makes the script stop untouched.
// tmux runs on a private socket with no config file, so no one's own tmux sessions are involved.
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {ansiToSvg} from './ansi-to-svg.mjs';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'screenshots');
const BIN = path.join(ROOT, 'bin', 'ddc-top.js');
const SOCKET = `ddc-top-shots-${process.pid}`;
const LABEL = 'ddc-top.screenshots';
const IMAGE = 'local/busybox:latest';
const DEADLINE_MS = Number(process.env.SCREENSHOTS_DEADLINE_MS ?? 90_000);
// The containers go to the private engine .ci/docker-engine.sh starts, never the host's daemon; every child
// (docker, tmux, ddc-top) inherits this environment.
process.env.DOCKER_HOST = `unix://${process.env.DDC_TOP_TEST_ENGINE_DIR || '/run/ddc-top-test-engine'}/docker.sock`;
delete process.env.DOCKER_CONTEXT;

/** Realistic names and loads: a bot ticking over, a game server with bursts of CPU, one with memory in use. */
const CONTAINERS = [
	{
		name: 'ddc',
		flags: ['--memory', '512m'],
		cmd: ['sh', '-c', 'while :; do dd if=/dev/zero of=/dev/null bs=1M count=256 2>/dev/null; sleep 1; done'],
	},
	{
		name: 'minecraft',
		flags: ['--cpus', '0.6', '--memory', '1g'],
		cmd: ['sh', '-c', 'while :; do yes > /dev/null & p=$!; sleep 4; kill $p; sleep 2; done'],
	},
	{
		// tmpfs pages are charged to the container's memory cgroup: 150 MiB of a 256 MiB limit in use.
		name: 'valheim',
		flags: ['--memory', '256m', '--tmpfs', '/data:size=200m'],
		cmd: ['sh', '-c', 'dd if=/dev/zero of=/data/world.db bs=1M count=150 2>/dev/null; exec sleep 1000000'],
	},
];

const SHOTS = [
	{cols: 80, rows: 24, file: 'ddc-top-80x24.png', help: 'ddc-top-80x24-help.png', views: ['operation']},
	{cols: 160, rows: 48, file: 'ddc-top-160x48.png'},
	// Last: the container detail's charts span 10 minutes, and the containers have the most history by now.
	{cols: 120, rows: 40, file: 'ddc-top-120x40.png', views: ['operation', 'container']},
];

/** The dashboard is back (its header names the window; a detail's names what it shows). */
const onDashboard = (lines) => (/^ddc-top \S+ · window /.test(lines[0] ?? '') ? true : 'not on the dashboard');
const focused = (table) => (lines) =>
	onDashboard(lines) === true && lines.some((l) => l.startsWith(`▶ ${table}`)) ? true : `${table} not focused`;

/**
 * The views behind the tables (issue #14 §2, §3), each pictured at the sizes whose shot lists it: the keys
 * that open it from the dashboard, when the screen is worth a picture, and the keys back to the dashboard as
 * it was. Keys go one at a time, each waiting for what it does (a lone Escape followed at once by another
 * key would read as Alt+key). Another view is another entry.
 */
const VIEWS = {
	operation: {
		what: 'operation detail',
		// The operations table has the focus at start, its first row selected.
		open: [{key: 'Enter'}],
		ready: (lines) => {
			if (!/^ddc-top \S+ · operation \S/.test(lines[0] ?? '')) return 'no operation detail header';
			// "reading… 40%" follows the window in the header, cut to "read…" at 80 columns; once the detail
			// has read the file's past, the header of the demo's operation names fits whole.
			if (lines[0].includes('…')) return 'the detail is still reading the file';
			if (!lines.some((l) => l.startsWith('Distribution'))) return 'no distribution yet';
			return true;
		},
		close: [{key: 'Escape', until: onDashboard}],
	},
	container: {
		what: 'container detail',
		needsDocker: true,
		// The game server with CPU bursts, found with the filter of the focused containers; Enter opens it.
		// Back: Esc leaves the detail, Esc again clears the filter, Tab gives the focus back.
		open: [
			{key: 'Tab', until: focused('Containers')},
			{key: '/', until: (lines) => (lines.some((l) => l.startsWith('filter containers:')) ? true : 'no filter prompt')},
			{key: 'minecraft', until: (lines) => (lines.some((l) => l.startsWith('▶ Containers (1 of')) ? true : 'not filtered yet')},
			{key: 'Enter', until: (lines) => (/· containers minecraft/.test(lines[0] ?? '') ? true : 'filter not applied')},
			{key: 'Enter'},
		],
		ready: (lines) => {
			if (!/^ddc-top \S+ · container minecraft/.test(lines[0] ?? '')) return 'no container detail header';
			if (lines.some((l) => /opening…|reading…/.test(l))) return 'the container detail is still opening or reading';
			if (!lines.some((l) => /^CPU % of/.test(l.trim()))) return 'no CPU chart yet';
			return true;
		},
		close: [
			{key: 'Escape', until: onDashboard},
			{key: 'Escape', until: (lines) => (/· containers minecraft/.test(lines[0] ?? '') ? 'filter still set' : true)},
			{key: 'Tab', until: focused('Operations')},
		],
	},
};

class Failure extends Error {}

async function sh(file, args, options = {}) {
	try {
		const {stdout} = await run(file, args, {timeout: 120_000, maxBuffer: 16 * 1024 * 1024, ...options});
		return stdout;
	} catch (error) {
		throw new Failure(`${file} ${args.join(' ')} failed: ${(error.stderr || error.message).trim()}`);
	}
}

const succeeds = (file, args) =>
	run(file, args, {timeout: 20_000}).then(
		() => true,
		() => false,
	);

/** tmux, rsvg-convert and the DejaVu fonts; installed from Debian when missing (as root), else a clear failure. */
async function ensureTools() {
	const missing = [];
	if (!(await succeeds('tmux', ['-V']))) missing.push('tmux');
	if (!(await succeeds('rsvg-convert', ['--version']))) missing.push('librsvg2-bin');
	const fonts = await run('fc-list', [':family=DejaVu Sans Mono'], {timeout: 20_000}).then(
		(r) => r.stdout,
		() => '',
	);
	if (!fonts.includes('DejaVu')) missing.push('fonts-dejavu-core', 'fontconfig');
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0) throw new Failure(`missing Debian packages: ${missing.join(' ')} (install them as root)`);
	console.log(`screenshots: installing ${missing.join(' ')}`);
	const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
	await sh('apt-get', ['update', '-qq'], {env, timeout: 600_000});
	await sh('apt-get', ['install', '-y', '-qq', ...missing], {env, timeout: 600_000});
}

// ---------------------------------------------------------------- containers

async function dockerAnswers() {
	return succeeds('docker', ['version', '--format', '{{.Server.Version}}']);
}

async function startContainers() {
	// Idempotent: reuses the engine and builds the offline image only when it is missing.
	await sh('bash', [path.join(ROOT, '.ci', 'docker-engine.sh')], {timeout: 300_000});
	for (const c of CONTAINERS) {
		const label = await run('docker', ['inspect', '--format', `{{index .Config.Labels "${LABEL}"}}`, c.name], {timeout: 20_000}).then(
			(r) => r.stdout.trim(),
			() => undefined,
		);
		if (label === '1') await sh('docker', ['rm', '-f', c.name]);
		else if (label !== undefined)
			throw new Failure(`a container named ${c.name} exists and is not one of ours (no ${LABEL} label): not touching it`);
	}
	for (const c of CONTAINERS) {
		await sh('docker', ['run', '-d', '--name', c.name, '--label', `${LABEL}=1`, '--network', 'none', ...c.flags, IMAGE, ...c.cmd]);
		started.push(c.name);
	}
}

const started = [];

async function removeContainers() {
	const names = started.splice(0);
	if (names.length)
		await run('docker', ['rm', '-f', ...names], {timeout: 60_000}).catch((e) =>
			console.error(`screenshots: docker rm -f ${names.join(' ')}: ${e.message}`),
		);
}

// ---------------------------------------------------------------- tmux

/** The pane's environment: a modern terminal, and nothing that would switch colours off or down. */
function paneEnv() {
	const env = {...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor'};
	for (const k of ['TMUX', 'TMUX_PANE', 'NO_COLOR', 'FORCE_COLOR', 'CI', 'NODE_TEST_CONTEXT']) delete env[k];
	return env;
}

const tmux = (...args) => sh('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], {env: paneEnv(), timeout: 20_000});
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

async function capture(target, colours) {
	const out = await tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', target);
	return out.replace(/\n$/, '');
}

// The pane's shell prints this after ddc-top ends. tmux 3.3's own #{pane_dead_status} is not reliable: it
// sometimes misses the child's SIGCHLD and leaves the status empty (seen here with a plain `node -e`).
const EXIT_MARK = 'ddc-top-screenshots-exit-status=';
const exitStatus = (screen) => {
	const m = new RegExp(`${EXIT_MARK}(\\d+)`).exec(screen);
	return m ? Number(m[1]) : undefined;
};

/** Polls the plain screen until `ready(lines)` is true; fails with the reason and the last screen. */
async function waitScreen(target, ready, what) {
	const deadline = Date.now() + DEADLINE_MS;
	let screen = '';
	let reason = '';
	for (;;) {
		screen = await capture(target, false);
		const exited = exitStatus(screen);
		if (exited !== undefined) throw new Failure(`ddc-top exited (status ${exited}) while waiting for ${what}; screen:\n${screen}`);
		reason = ready(screen.split('\n'));
		if (reason === true) return;
		if (Date.now() > deadline) throw new Failure(`timed out after ${DEADLINE_MS} ms waiting for ${what} (${reason}); screen:\n${screen}`);
		await delay(250);
	}
}

const SPARK = '[▁▂▃▄▅▆▇█]';

/** true when the dashboard is worth a picture, else what is still missing. */
function dashboardReady(lines, withDocker) {
	if (!lines[0]?.startsWith('ddc-top')) return 'no header';
	if (!lines.some((l) => /CPU \d+\.\d%/.test(l))) return 'no host CPU yet';
	// OK%, FAIL, the SLO state when the operation has a threshold ("✓ ok", "✗ breach", the mark alone at 80 columns), P50.
	const opRows = lines.filter((l) => /\d+\.\d%\s+\d+\s+(?:[✓~✗](?: \w+)?\s+)?[\d.]+(µs|ms|s)\s/.test(l));
	if (opRows.length < 5) return `${opRows.length} operation rows with numbers`;
	if (!withDocker) return true;
	for (const c of CONTAINERS) {
		// DDC's own container is marked with a leading "◆ ".
		const row = lines.find((l) => l.replace(/^◆ /, '').startsWith(`${c.name} `));
		if (!row) return `no row for container ${c.name}`;
		// A full sparkline sits one space after the CPU %; while it fills, more spaces pad it on the left.
		if (!new RegExp(`\\d\\.\\d\\d% ${SPARK}{3,}`).test(row)) return `${c.name}'s CPU sparkline is not full yet`;
	}
	const burner = lines.find((l) => l.startsWith('minecraft '));
	const cpu = Number(/(\d+\.\d\d)%/.exec(burner)?.[1] ?? 0);
	// Caught in a burst, not in one of its pauses, so the picture shows a busy server.
	if (cpu < 10) return `minecraft at ${cpu}% CPU (waiting for a burst)`;
	return true;
}

async function renderPng(ansi, cols, rows, file, title) {
	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-shot-'));
	try {
		const svg = path.join(dir, 'shot.svg');
		writeFileSync(svg, ansiToSvg(ansi, {cols, rows, title}));
		const png = path.join(OUT, file);
		await sh('rsvg-convert', ['--format', 'png', '--output', png, svg]);
		const head = readFileSync(png).subarray(0, 8);
		if (!head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Failure(`${png} is not a PNG`);
		const {size} = statSync(png);
		const w = readFileSync(png).readUInt32BE(16);
		const h = readFileSync(png).readUInt32BE(20);
		console.log(`screenshots: ${path.relative(ROOT, png)} ${w}x${h} px, ${(size / 1024).toFixed(0)} KiB`);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** One key, then (when the step says what it does) a wait until the screen shows it. */
async function press(target, step, what) {
	await tmux('send-keys', '-t', target, step.key);
	if (step.until) await waitScreen(target, step.until, what);
}

async function shoot(shot, withDocker) {
	const target = `shot${shot.cols}x${shot.rows}`;
	const app = [process.execPath, BIN, '--demo', ...(withDocker ? [] : ['--no-docker'])].map(quote).join(' ');
	// The shell stays after ddc-top ends and reports its exit status on the screen.
	const cmd = `${app}; echo "${EXIT_MARK}$?"; exec sleep 100000`;
	await tmux('new-session', '-d', '-s', target, '-x', String(shot.cols), '-y', String(shot.rows), '-c', ROOT, cmd);
	await waitScreen(target, (lines) => dashboardReady(lines, withDocker), `the ${shot.cols}x${shot.rows} dashboard`);
	const title = `ddc-top --demo at ${shot.cols}x${shot.rows}`;
	await renderPng(await capture(target, true), shot.cols, shot.rows, shot.file, title);
	if (shot.help) {
		await tmux('send-keys', '-t', target, '?');
		await waitScreen(
			target,
			(lines) => (lines.some((l) => l.includes('╭')) && lines.some((l) => /\bKeys\b/.test(l)) ? true : 'help not open'),
			'the help overlay',
		);
		await renderPng(await capture(target, true), shot.cols, shot.rows, shot.help, `${title}, help open`);
		await tmux('send-keys', '-t', target, '?');
		await waitScreen(target, (lines) => (lines.some((l) => /\bKeys\b/.test(l)) ? 'help still open' : true), 'the help overlay to close');
	}
	for (const name of shot.views ?? []) {
		const view = VIEWS[name];
		if (view.needsDocker && !withDocker) continue;
		const at = `${shot.cols}x${shot.rows}`;
		for (const step of view.open) await press(target, step, `${step.key} towards the ${view.what} at ${at}`);
		await waitScreen(target, view.ready, `the ${view.what} at ${at}`);
		await renderPng(await capture(target, true), shot.cols, shot.rows, `ddc-top-${at}-${name}.png`, `${title}, ${view.what}`);
		for (const step of view.close) await press(target, step, `${step.key} back from the ${view.what} at ${at}`);
	}
	await tmux('send-keys', '-t', target, 'q');
	const deadline = Date.now() + DEADLINE_MS;
	let status;
	while ((status = exitStatus(await capture(target, false))) === undefined) {
		if (Date.now() > deadline)
			throw new Failure(`ddc-top did not quit on q within ${DEADLINE_MS} ms; screen:\n${await capture(target, false)}`);
		await delay(100);
	}
	if (status !== 0) throw new Failure(`ddc-top exited with status ${status} after q; screen:\n${await capture(target, false)}`);
	await tmux('kill-session', '-t', target);
}

async function cleanup() {
	await run('tmux', ['-L', SOCKET, 'kill-server'], {timeout: 20_000}).catch(() => {});
	await removeContainers();
}

async function main() {
	if (!existsSync(path.join(ROOT, 'dist', 'source', 'main.js')))
		throw new Failure('dist/source is missing: run `npm run screenshots` (it builds first)');
	await ensureTools();
	mkdirSync(OUT, {recursive: true});
	const withDocker = await dockerAnswers();
	if (withDocker) await startContainers();
	else console.warn('screenshots: no Docker engine answers `docker version`: pictures without containers (--no-docker)');
	for (const shot of SHOTS) await shoot(shot, withDocker);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		console.error(`screenshots: ${signal}, cleaning up`);
		cleanup().finally(() => process.exit(130));
	});
}

try {
	await main();
} catch (error) {
	await cleanup();
	console.error(`screenshots: ${error instanceof Failure ? error.message : (error?.stack ?? error)}`);
	process.exit(1);
}
await cleanup();
console.log('screenshots: done');
