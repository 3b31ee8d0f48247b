/** Where the exporter listens: an IP literal (or localhost) and a port. */
export interface ListenAddress {
	host: string;
	port: number;
	/** Only this machine can connect: 127.0.0.0/8, ::1 or localhost. */
	loopback: boolean;
}

export const DEFAULT_LISTEN = '127.0.0.1:9464';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * `HOST:PORT` or `[IPV6]:PORT` -> an address, or an error in words. The host must be given: an empty one
 * would mean every interface, which must be asked for by name (0.0.0.0 or ::). Port 0 lets the system pick.
 */
export function parseListenAddress(text: string): {ok: true; address: ListenAddress} | {ok: false; error: string} {
	const bad = (why: string) => ({ok: false as const, error: `--listen ${why} (got "${text}"; e.g. ${DEFAULT_LISTEN})`});
	const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
	if (!m) return bad('must be HOST:PORT or [IPv6]:PORT');
	const port = Number(m[3]);
	if (port > 65_535) return bad('port must be 0..65535');
	const host = m[1] ?? m[2];
	if (m[1] !== undefined) {
		if (!m[1].includes(':')) return bad('brackets are for an IPv6 address');
		return {ok: true, address: {host, port, loopback: host === '::1' || /^(0*:){7}0*1$/.test(host)}};
	}
	if (host === 'localhost') return {ok: true, address: {host, port, loopback: true}};
	const v4 = IPV4.exec(host);
	if (!v4 || v4.slice(1).some((part) => Number(part) > 255)) return bad('host must be an IPv4 address, [IPv6] or localhost');
	return {ok: true, address: {host, port, loopback: v4[1] === '127'}};
}

/** The address as a URL's authority. */
export function formatHostPort(host: string, port: number): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
