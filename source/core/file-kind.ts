import {sanitize} from './sanitize.js';

/** What `fs.Stats` can say about a path's type (kept structural so this module needs no I/O). */
export interface FileTypeLike {
	isFile(): boolean;
	isDirectory(): boolean;
	isFIFO(): boolean;
	isCharacterDevice(): boolean;
	isBlockDevice(): boolean;
	isSocket(): boolean;
}

/**
 * The kind of a path that is not a regular file, in words ("a FIFO (named pipe)"), or undefined for a
 * regular file. Only regular files are read: a FIFO blocks its reader until a writer comes, and a device
 * such as /dev/zero never ends, so reading either would hang or fill memory.
 */
export function nonRegularKind(st: FileTypeLike): string | undefined {
	if (st.isFile()) return undefined;
	if (st.isDirectory()) return 'a directory';
	if (st.isFIFO()) return 'a FIFO (named pipe)';
	if (st.isCharacterDevice()) return 'a character device';
	if (st.isBlockDevice()) return 'a block device';
	if (st.isSocket()) return 'a socket';
	return 'not a regular file';
}

/** One line for the operator: "<path> is a FIFO (named pipe), not a regular file" (the path sanitized). */
export function notRegularText(path: string, kind: string): string {
	const shown = sanitize(path);
	return kind === 'not a regular file' ? `${shown} is not a regular file` : `${shown} is ${kind}, not a regular file`;
}
