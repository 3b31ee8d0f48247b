/**
 * The host key of an ssh:// Docker host checked against ~/.ssh/known_hosts as OpenSSH does it, so an
 * operator who has run `ssh user@host` once is trusted and nothing else is: plain and hashed
 * (`|1|salt|hmac`) host patterns, `[host]:port` for a port other than 22, `*` / `?` wildcards and `!`
 * negations, `@revoked` keys. Never a silent accept: an unknown or changed key is refused with a line that
 * says what to do.
 */
import {createHmac} from 'node:crypto';

export type HostKeyVerdict = {kind: 'known'} | {kind: 'unknown'} | {kind: 'changed'} | {kind: 'revoked'};

interface Entry {
	marker: '' | '@revoked' | '@cert-authority';
	patterns: string;
	type: string;
	blob: string;
}

/** How known_hosts names a host: the bare name on port 22, `[name]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

function parse(text: string): Entry[] {
	const entries: Entry[] = [];
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const fields = line.split(/\s+/);
		const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? (fields.shift() as Entry['marker']) : '';
		if (fields.length < 3) continue;
		entries.push({marker, patterns: fields[0]!, type: fields[1]!, blob: fields[2]!});
	}
	return entries;
}

function glob(pattern: string, name: string): boolean {
	const source = pattern
		.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		.replace(/\*/g, '.*')
		.replace(/\?/g, '.');
	return new RegExp(`^${source}$`, 'i').test(name);
}

function hashedMatch(field: string, name: string): boolean {
	const [, magic, salt, hash] = field.split('|');
	if (magic !== '1' || !salt || !hash) return false;
	return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether an entry's host field names this host: a negated pattern that matches wins over the rest. */
function names(patterns: string, name: string): boolean {
	if (patterns.startsWith('|')) return hashedMatch(patterns, name);
	let matched = false;
	for (const pattern of patterns.split(',')) {
		if (pattern.startsWith('!')) {
			if (glob(pattern.slice(1), name)) return false;
		} else if (glob(pattern, name)) matched = true;
	}
	return matched;
}

/** The key type named inside an SSH wire-format public key (its first string). */
export function keyType(key: Buffer): string {
	if (key.length < 4) return '';
	const length = key.readUInt32BE(0);
	return key.subarray(4, 4 + length).toString('latin1');
}

/**
 * `key` is the server's public key in SSH wire format (what known_hosts holds in base64). A key of a type
 * known_hosts has no entry for counts as unknown, as in OpenSSH (which also asks in that case).
 */
export function checkHostKey(knownHosts: string, host: string, port: number, key: Buffer): HostKeyVerdict {
	const name = knownHostsName(host, port);
	const blob = key.toString('base64');
	const type = keyType(key);
	const forHost = parse(knownHosts).filter((entry) => names(entry.patterns, name));
	if (forHost.some((entry) => entry.marker === '@revoked' && entry.blob === blob)) return {kind: 'revoked'};
	const plain = forHost.filter((entry) => entry.marker === '');
	if (plain.some((entry) => entry.blob === blob)) return {kind: 'known'};
	if (plain.some((entry) => entry.type === type)) return {kind: 'changed'};
	return {kind: 'unknown'};
}

/**
 * The key types known_hosts holds for this host, for the handshake to ask for first: a host listed with
 * only its RSA key is then checked against that key rather than offering an Ed25519 one nobody accepted.
 */
export function knownKeyTypes(knownHosts: string, host: string, port: number): string[] {
	const name = knownHostsName(host, port);
	const types = parse(knownHosts)
		.filter((entry) => entry.marker === '' && names(entry.patterns, name))
		.map((entry) => entry.type);
	return [...new Set(types)];
}

/** The one line an operator reads when the key is refused: what is wrong and the command that fixes it. */
export function hostKeyMessage(verdict: HostKeyVerdict, target: {host: string; port: number; username?: string}, file: string): string {
	const login = `${target.username ? `${target.username}@` : ''}${target.host}`;
	const ssh = target.port === 22 ? `ssh ${login}` : `ssh -p ${target.port} ${login}`;
	const name = knownHostsName(target.host, target.port);
	switch (verdict.kind) {
		case 'changed':
			return `host key for ${name} does not match ${file} (changed, or someone is in between): check it, then fix ${file} with \`ssh-keygen -R '${name}'\` and \`${ssh}\``;
		case 'revoked':
			return `host key for ${name} is marked @revoked in ${file}: refusing to connect`;
		default:
			return `host key for ${name} is not in ${file}: run \`${ssh}\` once to accept it`;
	}
}
