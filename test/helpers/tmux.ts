/**
 * A private tmux server for the end-to-end tests (test/program/e2e-tmux*.test.ts): an interactive bash in a
 * pane of a fixed size, keys in with send-keys, the screen out with capture-pane. Each server has its own
 * socket (-L) and no config file, so it never touches anyone's sessions; the ddc-top it starts carries a
 * marker in its environment, so it is found and ended by pid, and nobody else's.
 */
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify, stripVTControlCharacters} from 'node:util';

const run = promisify(execFile);
export const PROMPT = 'E2E-PROMPT$';

/** The environment tmux and everything in its panes start with: ours, minus what would confuse them. */
function paneEnv(): NodeJS.ProcessEnv {
	const env = {...process.env};
	delete env.TMUX;
	delete env.NODE_TEST_CONTEXT;
	delete env.NO_COLOR;
	// CI=true alone makes chalk draw without colors; the pane is a colour terminal, as an operator's is.
	delete env.CI;
	return env;
}

/** One private tmux server with one session, started at a fixed size. */
export class Tmux {
	readonly socket = `ddce2e-${process.pid}-${randomBytes(3).toString('hex')}`;
	readonly target = 'main';
	private socketPath = '';

	async cmd(...args: string[]): Promise<string> {
		const {stdout} = await run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {env: paneEnv(), timeout: 10_000});
		return stdout;
	}

	/** A session running an interactive bash without rc files, with a marker in its prompt. */
	async start(cwd: string, columns: number, rows: number): Promise<void> {
		await this.cmd(
			'new-session',
			'-d',
			'-s',
			this.target,
			'-x',
			String(columns),
			'-y',
			String(rows),
			'-c',
			cwd,
			// tmux 3.3 keeps PS1 out of a pane's environment, so it is set on the command line.
			`env PS1='${PROMPT} ' bash --norc --noprofile`,
		);
		this.socketPath = await this.format('#{socket_path}');
		await this.waitScreen((l) => l.some((line) => line.startsWith(PROMPT)), 'the bash prompt');
	}

	async keys(...keys: string[]): Promise<void> {
		await this.cmd('send-keys', '-t', this.target, ...keys);
	}

	/** Literal text (no key-name lookup). */
	async type(text: string): Promise<void> {
		await this.cmd('send-keys', '-t', this.target, '-l', text);
	}

	/** The visible pane, one string per row (trailing spaces trimmed by tmux); `joined`: wrapped lines as one. */
	async capture(joined = false): Promise<string[]> {
		const out = await this.cmd('capture-pane', '-p', ...(joined ? ['-J'] : []), '-t', this.target);
		return out.replace(/\n$/, '').split('\n');
	}

	/** The visible pane with its SGR codes (-e): to see which row is drawn as the cursor. */
	async captureStyled(): Promise<string[]> {
		const out = await this.cmd('capture-pane', '-p', '-e', '-t', this.target);
		return out.replace(/\n$/, '').split('\n');
	}

	async format(fmt: string): Promise<string> {
		return (await this.cmd('display-message', '-p', '-t', this.target, fmt)).trim();
	}

	/** Polls the screen until `ok` holds, with a deadline; fails showing the last screen. */
	async waitScreen(ok: (lines: string[]) => boolean, what: string, timeoutMs = 8000): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		let lines: string[] = [];
		for (;;) {
			lines = await this.capture();
			if (ok(lines)) return lines;
			if (Date.now() > deadline) {
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${lines.join('\n')}`);
			}
			await delay(40);
		}
	}

	/** Ends the server; tmux 3.3 leaves its socket file behind, so that goes too. */
	async kill(): Promise<void> {
		await this.cmd('kill-server').catch(() => undefined);
		if (this.socketPath) rmSync(this.socketPath, {force: true});
	}
}

/**
 * Live processes (zombies count as gone) whose environment holds `DDC_TOP_E2E=<marker>`: the marker goes
 * on the command line that starts ddc-top, so this finds it and anything it forked, and nobody else's.
 * Not `pgrep -f <metrics path>`: meow sets process.title to "ddc-top", which overwrites the command line.
 */
export function markedPids(marker: string): number[] {
	const wanted = `DDC_TOP_E2E=${marker}`;
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(wanted)) continue;
			const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
			if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') pids.push(Number(entry));
		} catch {
			// gone while we looked
		}
	}
	return pids;
}

export async function waitNoProcess(marker: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pids = markedPids(marker);
		if (pids.length === 0) return;
		if (Date.now() > deadline) throw new Error(`ddc-top still running after ${timeoutMs} ms: pids ${pids.join(', ')}`);
		await delay(50);
	}
}

export function killMarked(marker: string): void {
	for (const pid of markedPids(marker)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

/** Waits until the row drawn as the cursor's bar (black on cyan: the pane has colors) is `name`. */
export async function waitSelected(tmux: Tmux, name: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let selected: string | undefined;
	for (;;) {
		const bar = (await tmux.captureStyled()).find((l) => /\u001B\[(?:[0-9;]*;)?46m/.test(l));
		selected = bar === undefined ? undefined : stripVTControlCharacters(bar).trim().split(/\s+/)[0];
		if (selected === name) return;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the cursor on ${name}; it is on ${selected}`);
		await delay(40);
	}
}
