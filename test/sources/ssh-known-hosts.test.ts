// known_hosts as OpenSSH reads it: the ssh:// Docker host is trusted only when the key there is this host's.
import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {test} from 'node:test';
import {checkHostKey, hostKeyMessage, keyType, knownKeyTypes} from '../../source/sources/ssh-known-hosts.js';

/** An SSH wire-format public key: string type, then some key bytes. */
function wireKey(type: string, fill: number): Buffer {
	const name = Buffer.from(type);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(name.length);
	return Buffer.concat([length, name, Buffer.alloc(32, fill)]);
}

const ED = wireKey('ssh-ed25519', 1);
const OTHER_ED = wireKey('ssh-ed25519', 2);
const RSA = wireKey('ssh-rsa', 3);
const line = (names: string, key: Buffer) => `${names} ${keyType(key)} ${key.toString('base64')}`;
const hashed = (name: string, salt: Buffer) => `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;

test('plain entries: the bare name on port 22, [host]:port elsewhere; comments and blank lines skipped', () => {
	const text = `# mine\n\n${line('box,10.0.0.5', ED)}\n${line('[box]:2222', RSA)}\n`;
	assert.equal(checkHostKey(text, 'box', 22, ED).kind, 'known');
	assert.equal(checkHostKey(text, '10.0.0.5', 22, ED).kind, 'known');
	assert.equal(checkHostKey(text, 'box', 2222, RSA).kind, 'known');
	// The port-22 entry does not vouch for port 2222, nor the other way round.
	assert.equal(checkHostKey(text, 'box', 2222, ED).kind, 'unknown');
	assert.equal(checkHostKey(text, 'box', 22, RSA).kind, 'unknown');
	assert.equal(checkHostKey('', 'box', 22, ED).kind, 'unknown');
});

test('a different key of a type known for the host is "changed"; hashed entries match by HMAC', () => {
	const salt = Buffer.alloc(20, 7);
	const text = `${hashed('[127.0.0.1]:2200', salt)} ssh-ed25519 ${ED.toString('base64')}\n`;
	assert.equal(checkHostKey(text, '127.0.0.1', 2200, ED).kind, 'known');
	assert.equal(checkHostKey(text, '127.0.0.1', 2200, OTHER_ED).kind, 'changed');
	assert.equal(checkHostKey(text, '127.0.0.1', 22, ED).kind, 'unknown');
	assert.equal(checkHostKey(text, '127.0.0.2', 2200, ED).kind, 'unknown');
});

test('wildcards, negations and @revoked', () => {
	const text = `${line('*.example.org,!bad.example.org', ED)}\n@revoked ${line('*', OTHER_ED)}\n@cert-authority ${line('*', RSA)}\n`;
	assert.equal(checkHostKey(text, 'db.example.org', 22, ED).kind, 'known');
	assert.equal(checkHostKey(text, 'bad.example.org', 22, ED).kind, 'unknown');
	assert.equal(checkHostKey(text, 'db.example.org', 22, OTHER_ED).kind, 'revoked');
	// A CA line is not a host key: a host presenting the CA's key is not thereby known.
	assert.equal(checkHostKey(text, 'x', 22, RSA).kind, 'unknown');
});

test('the key types known for a host, for the handshake to ask for first', () => {
	const text = `${line('box', RSA)}\n${line('other', ED)}\n`;
	assert.deepEqual(knownKeyTypes(text, 'box', 22), ['ssh-rsa']);
	assert.deepEqual(knownKeyTypes(text, 'box', 2222), []);
});

test('one line that says what to run', () => {
	const target = {host: '127.0.0.1', port: 2222, username: 'root'};
	assert.equal(
		hostKeyMessage({kind: 'unknown'}, target, '~/.ssh/known_hosts'),
		'host key for [127.0.0.1]:2222 is not in ~/.ssh/known_hosts: run `ssh -p 2222 root@127.0.0.1` once to accept it',
	);
	assert.equal(
		hostKeyMessage({kind: 'unknown'}, {host: 'box', port: 22}, '~/.ssh/known_hosts'),
		'host key for box is not in ~/.ssh/known_hosts: run `ssh box` once to accept it',
	);
	assert.match(hostKeyMessage({kind: 'changed'}, target, '~/.ssh/known_hosts'), /does not match .*ssh-keygen -R '\[127\.0\.0\.1\]:2222'/);
});
