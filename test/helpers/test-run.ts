/**
 * One test run's own directory, shared by the files of the run, and what a run leaves behind when it is
 * killed midway. A run is the `node --test` runner: every test file is its child, so the runner's pid and
 * start time (a pid alone may be reused) name the run. Long-lived processes a test starts (a terminal with
 * the live view, the socket tripwire) are recorded there; the next run ends those of runs that are over.
 */
import {appendFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {commandLine} from './docker-engine.js';

/** A process by pid and start time, so a pid reused by something else is never taken for it. */
export interface ProcessId {
	pid: number;
	/** Start time in clock ticks after boot (/proc/<pid>/stat field 22). */
	start: number;
}

export interface RecordedProcess extends ProcessId {
	/** Its command line when it was recorded: it is ended only while it still has this one. */
	cmd: string;
}

/** The start time of `pid`, or undefined when no such process runs. */
export function startTime(pid: number): number | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const start = Number(fields[19]);
		return Number.isFinite(start) ? start : undefined;
	} catch {
		return undefined;
	}
}

export function processId(pid: number): ProcessId | undefined {
	const start = startTime(pid);
	return start === undefined ? undefined : {pid, start};
}

/** The very process recorded (same pid, same start time) still runs; a zombie counts as ended. */
export function stillRuns(p: ProcessId): boolean {
	if (startTime(p.pid) !== p.start) return false;
	try {
		return !/^\S+ \(.*\) Z/s.test(readFileSync(`/proc/${p.pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

/** Where every run of this user keeps its directory: private to the user, as pids read from it get signals. */
export function runsBase(): string {
	const base = path.join(tmpdir(), `ddc-top-test-runs-${process.getuid?.() ?? 'user'}`);
	mkdirSync(base, {recursive: true, mode: 0o700});
	const st = lstatSync(base);
	if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) {
		throw new Error(`${base} is not a private directory of this user: remove it and run the tests again`);
	}
	return base;
}

/** This process's run: its runner (the parent under `node --test`). */
export function currentRun(): ProcessId {
	// A parent of pid 1 means the runner is gone (this process was orphaned): that run is over.
	if (process.ppid <= 1) throw new Error('the test runner has ended: this test file was orphaned');
	const runner = processId(process.ppid);
	if (!runner) throw new Error(`the test runner (pid ${process.ppid}) is not visible in /proc`);
	return runner;
}

/** The directory of the current run, made on first use. */
export function runDir(run: ProcessId = currentRun()): string {
	const dir = path.join(runsBase(), `${run.pid}-${run.start}`);
	mkdirSync(dir, {recursive: true, mode: 0o700});
	return dir;
}

export function writeJson(file: string, value: unknown): void {
	writeFileSync(`${file}.tmp`, JSON.stringify(value, null, '\t'));
	renameSync(`${file}.tmp`, file);
}

export function readJson<T>(file: string): T | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as T;
	} catch {
		return undefined;
	}
}

const CHILDREN = 'children.jsonl';

/** Records a process a test started and ends itself, so a run killed before that does not leak it. */
export function recordChild(pid: number, dir = runDir()): void {
	const id = processId(pid);
	const cmd = settledCommandLine(pid);
	if (!id || cmd === undefined) return; // already ended
	appendFileSync(path.join(dir, CHILDREN), `${JSON.stringify({...id, cmd} satisfies RecordedProcess)}\n`);
}

/**
 * The command line once exec has finished. Spawn returns when the child's close-on-exec pipe closes, which
 * the kernel does before it has set the new program's arguments: for that moment /proc/<pid>/cmdline is empty.
 */
function settledCommandLine(pid: number): string | undefined {
	const deadline = Date.now() + 2000;
	let cmd = commandLine(pid);
	while (cmd === '' && Date.now() < deadline) {
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
		cmd = commandLine(pid);
	}
	return cmd;
}

/** The processes recorded in a run's directory. */
export function recordedChildren(dir: string): RecordedProcess[] {
	let text: string;
	try {
		text = readFileSync(path.join(dir, CHILDREN), 'utf8');
	} catch {
		return [];
	}
	return text
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as RecordedProcess);
}

/** The recorded process, when it still runs with the command line it had. */
export function isRecordedAlive(p: RecordedProcess): boolean {
	return stillRuns(p) && commandLine(p.pid) === p.cmd;
}

/** SIGTERM (a terminal passes it on to the view it runs), then SIGKILL for what is left after `graceMs`. */
export async function endProcesses(list: RecordedProcess[], graceMs = 5000): Promise<RecordedProcess[]> {
	const alive = list.filter(isRecordedAlive);
	for (const p of alive) signal(p.pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (alive.some(stillRuns) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
	for (const p of alive.filter(stillRuns)) signal(p.pid, 'SIGKILL');
	return alive;
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// ended meanwhile
	}
}

/** Runs whose runner no longer runs: their directories, oldest first. */
export function endedRuns(): string[] {
	const base = runsBase();
	return readdirSync(base)
		.filter((name) => {
			const m = /^(\d+)-(\d+)$/.exec(name);
			// Pid 1 was never a runner: such a directory is from an orphaned test file, so over too.
			return m !== null && (m[1] === '1' || !stillRuns({pid: Number(m[1]), start: Number(m[2])}));
		})
		.map((name) => path.join(base, name));
}

export function removeRunDir(dir: string): void {
	rmSync(dir, {recursive: true, force: true});
}
