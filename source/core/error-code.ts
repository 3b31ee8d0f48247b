/** The `code` of a Node system error ('ENOENT', 'EACCES'...), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null && 'code' in error ? String((error as {code: unknown}).code) : undefined;
}
