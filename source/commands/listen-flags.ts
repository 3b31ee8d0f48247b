import {readFileSync} from 'node:fs';
import {type ListenAddress, parseListenAddress} from '../core/listen-address.js';
import {describeError} from './describe-error.js';
import {UsageError} from './usage-error.js';

export interface ListenConfig {
	address: ListenAddress;
	/** The bearer token every request must carry, from --listen-token-file. */
	token?: string;
}

/** --listen and --listen-token-file -> where and how the exporter serves; a UsageError for a bad value. */
export function readListenFlags(listen: string, tokenFile: string | undefined): ListenConfig {
	const parsed = parseListenAddress(listen);
	if (!parsed.ok) throw new UsageError(parsed.error);
	if (tokenFile === undefined) return {address: parsed.address};
	let text: string;
	try {
		text = readFileSync(tokenFile, 'utf8');
	} catch (error) {
		throw new UsageError(`--listen-token-file: ${describeError(error, tokenFile)}`);
	}
	// The file's one line, as `echo token > file` writes it; a token is printable text without spaces.
	const token = text.trim();
	if (token === '') throw new UsageError(`--listen-token-file: ${tokenFile} is empty`);
	if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError(`--listen-token-file: the token must be one word of printable ASCII`);
	return {address: parsed.address, token};
}

/** Said on stderr when the exporter listens beyond this machine. */
export function exposedWarning(address: ListenAddress, token: boolean): string {
	return (
		`warning: --listen ${address.host}:${address.port} is reachable from other machines: whoever connects reads operation ` +
		`names, container names and host figures${token ? '' : ' (no --listen-token-file: anyone)'}. Limit it with a firewall.`
	);
}
