/**
 * Asks a yes/no question on a terminal and resolves true only for "y" or "yes": anything else, an empty
 * line or the end of input means no, since the question guards a change to the file.
 */
export async function confirm(question: string, stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Promise<boolean> {
	stdout.write(`${question} [y/N] `);
	const answer = await readLine(stdin);
	return /^\s*y(es)?\s*$/i.test(answer ?? '');
}

function readLine(stdin: NodeJS.ReadableStream): Promise<string | undefined> {
	return new Promise((resolve) => {
		let text = '';
		const finish = (line: string | undefined) => {
			stdin.off('data', onData);
			stdin.off('end', onEnd);
			stdin.off('error', onEnd);
			stdin.pause();
			resolve(line);
		};
		const onData = (chunk: Buffer | string) => {
			text += chunk.toString();
			const nl = text.indexOf('\n');
			if (nl !== -1) finish(text.slice(0, nl));
		};
		const onEnd = () => finish(text === '' ? undefined : text);
		stdin.on('data', onData);
		stdin.on('end', onEnd);
		stdin.on('error', onEnd);
		stdin.resume();
	});
}
