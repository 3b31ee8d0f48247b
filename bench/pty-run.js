// Shared by the terminal benchmarks: run a command in a real pseudo-terminal of
// a given size (util-linux `script`), find the command's pid, count the bytes it writes to the terminal and
// read its CPU time from /proc/<pid>/stat.
import {execFileSync, spawn} from 'node:child_process';
import {readdirSync, readFileSync, readlinkSync, realpathSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;

const RECENT_CHARS = 64 * 1024;
const FRAME_GAP_MS = 30;
const quote = (arg) => `'${String(arg).replace(/'/g, `'\\''`)}'`;

/** utime+stime (own) and cutime+cstime (reaped children) of a process, in clock ticks; undefined once gone. */
export function cpuTicks(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
		// Fields after "(comm)": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return {own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14])};
	} catch {
		return undefined;
	}
}

function childrenOf(ppid) {
	const pids = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) pids.push(Number(entry));
		} catch {
			// exited while we looked
		}
	}
	return pids;
}

/** The first pid of a running program (by executable), e.g. dockerd. */
export function pidOfExecutable(name) {
	try {
		return Number(execFileSync('pidof', ['-s', name], {encoding: 'utf8'}).trim()) || undefined;
	} catch {
		return undefined;
	}
}

/**
 * Starts `argv` in a pty of `columns` x `rows`: `script` owns the pty, a shell sets the size with stty and
 * execs the command, so script's only child IS the command once its executable is `executable`.
 * Resolves when that pid is known. Everything the command writes to the terminal reaches script's stdout
 * (script's typescript goes to /dev/null), where it is counted.
 */
export async function startInPty({argv, columns, rows, executable, env = {}, cwd, timeoutMs = 15_000}) {
	const shell = `stty rows ${rows} cols ${columns} && exec ${argv.map(quote).join(' ')}`;
	const script = spawn('script', ['-q', '-f', '-E', 'never', '-c', shell, '/dev/null'], {
		cwd,
		env: {...process.env, TERM: 'xterm-256color', ...env},
		// stdin stays an open pipe: script would pass an EOF on to the command.
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	const out = {bytes: 0, frames: 0, head: '', recent: '', lastChunkAt: 0};
	script.stdout.on('data', (chunk) => {
		// A frame is a burst of output: programs differ in how a redraw starts (ddc-top: synchronized update
		// and cell moves; docker stats: clear and home), but every redraw is one burst after a quiet gap.
		const now = performance.now();
		if (now - out.lastChunkAt > FRAME_GAP_MS) out.frames++;
		out.lastChunkAt = now;
		out.bytes += chunk.length;
		const text = chunk.toString('utf8');
		if (out.head.length < RECENT_CHARS) out.head += text;
		out.recent = (out.recent + text).slice(-RECENT_CHARS);
	});
	const exited = new Promise((resolve) => script.on('exit', resolve));
	const wanted = realpathSync(executable);
	const deadline = Date.now() + timeoutMs;
	let pid;
	while (pid === undefined) {
		for (const child of childrenOf(script.pid)) {
			try {
				if (readlinkSync(`/proc/${child}/exe`) === wanted) pid = child;
			} catch {
				// not ours to read, or gone
			}
		}
		if (pid !== undefined) break;
		if (script.exitCode !== null || Date.now() > deadline) {
			script.kill('SIGKILL');
			throw new Error(`${argv.join(' ')} did not start in a pty (script exit ${script.exitCode})`);
		}
		await delay(20);
	}
	return {
		pid,
		/** Bytes and frames written to the terminal so far. */
		output: () => ({bytes: out.bytes, frames: out.frames}),
		/** Types keys into the terminal (script passes them on to the command). */
		type: (keys) => script.stdin.write(keys),
		/** The first and the last characters written (escapes included), to check what was on screen. */
		transcript: () => `${out.head}\n…\n${out.recent}`,
		/** SIGTERM to the command (it restores the terminal), then script ends with it; SIGKILL after a grace. */
		async stop() {
			if (script.exitCode !== null) return;
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// already gone
			}
			const ended = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
			if (!ended) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// gone
				}
				script.kill('SIGKILL');
				await exited;
			}
		},
	};
}

/** A point to measure from: bytes, frames and CPU ticks of each process, and the time. */
export function mark(processes) {
	return {
		at: process.hrtime.bigint(),
		each: processes.map((p) => ({...(p.output ? p.output() : {bytes: 0, frames: 0}), cpu: cpuTicks(p.pid)})),
	};
}

/** Rates between two marks: bytes/s, frames/s, bytes/frame, CPU % of one core (own, reaped children). */
export function rates(from, to) {
	const seconds = Number(to.at - from.at) / 1e9;
	return from.each.map((a, i) => {
		const b = to.each[i];
		const frames = b.frames - a.frames;
		const ok = a.cpu && b.cpu;
		return {
			seconds,
			bytesPerSecond: (b.bytes - a.bytes) / seconds,
			framesPerSecond: frames / seconds,
			bytesPerFrame: frames > 0 ? (b.bytes - a.bytes) / frames : 0,
			cpuPercent: ok ? ((b.cpu.own - a.cpu.own) / CLK_TCK / seconds) * 100 : NaN,
			childCpuPercent: ok ? ((b.cpu.children - a.cpu.children) / CLK_TCK / seconds) * 100 : NaN,
		};
	});
}

/** The benchmark length: DDC_TOP_BENCH_SECONDS (to shorten a run) or the given default. */
export function benchSeconds(fallback = 60) {
	const v = Number(process.env.DDC_TOP_BENCH_SECONDS);
	return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** A plain aligned table: first column left, the rest right. */
export function table(header, rows) {
	const all = [header, ...rows].map((r) => r.map(String));
	const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
	return all.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

/**
 * Runs `commands` side by side, each in its own pty, for `windows` consecutive measurements of `seconds`
 * each, after a warm-up that starts once every one has drawn. `alsoSample` pids (dockerd) get CPU only.
 * Returns per window, per command: rates(); `commands` / `others` are the last window, with the transcript
 * (first and last output) for sanity checks.
 */
export async function measureSideBySide(commands, {seconds, warmupSeconds = 5, windows = 1, alsoSample = []}) {
	const started = [];
	try {
		for (const c of commands) started.push(await startInPty(c));
		const deadline = Date.now() + 20_000;
		while (started.some((p) => p.output().bytes === 0)) {
			if (Date.now() > deadline) throw new Error('a benchmarked command wrote nothing to its terminal in 20 s');
			await delay(50);
		}
		await delay(warmupSeconds * 1000); // warm-up: a measurement choice, not a wait for a condition
		const sampled = [...started, ...alsoSample.filter(Boolean).map((pid) => ({pid}))];
		const measured = [];
		let from = mark(sampled);
		for (let w = 0; w < windows; w++) {
			await delay(seconds * 1000);
			const to = mark(sampled);
			const r = rates(from, to);
			measured.push({commands: r.slice(0, started.length), others: r.slice(started.length)});
			from = to;
		}
		const last = measured.at(-1);
		return {
			windows: measured,
			commands: last.commands.map((r, i) => ({...r, transcript: started[i].transcript()})),
			others: last.others,
		};
	} finally {
		await Promise.all(started.map((p) => p.stop()));
	}
}
