import {useEffect, useState} from 'react';

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** Ink 6 has no useWindowSize: follow the stream's 'resize' ourselves. */
export function useTerminalSize(stdout: NodeJS.WriteStream, fallback: TerminalSize): TerminalSize {
	const read = () => ({columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
