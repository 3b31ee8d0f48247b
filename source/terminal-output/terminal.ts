/**
 * The alternate screen and cursor, entered at start and restored on every way out. Ink 6 has no
 * alternate-screen option, so we write the sequences ourselves.
 */
export interface TerminalSession {
	restore(): void;
}

const ENTER_ALT = '\u001B[?1049h\u001B[H';
const HIDE_CURSOR = '\u001B[?25l';
const LEAVE_ALT = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

export function enterTerminal(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream = process.stdin): TerminalSession {
	const tty = stdout.isTTY === true;
	if (tty) stdout.write(ENTER_ALT + HIDE_CURSOR);
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		process.off('exit', restore);
		if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
		if (tty) stdout.write(SHOW_CURSOR + LEAVE_ALT);
	};
	// Last resort: a process.exit() from anywhere still gives the operator their screen back.
	process.on('exit', restore);
	return {restore};
}
