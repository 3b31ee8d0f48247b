import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {exposedWarning, readListenFlags} from '../../source/commands/listen-flags.js';
import {UsageError} from '../../source/commands/usage-error.js';
import {tempDir} from '../helpers/temp-dir.js';

test('the token is the file line, trimmed; an empty file, spaces inside or an unreadable file are usage errors', () => {
	const dir = tempDir();
	const file = (name: string, text: string) => {
		const p = path.join(dir, name);
		writeFileSync(p, text);
		return p;
	};
	assert.deepEqual(readListenFlags('127.0.0.1:9464', file('ok', 'abc-123\n')), {
		address: {host: '127.0.0.1', port: 9464, loopback: true},
		token: 'abc-123',
	});
	assert.deepEqual(readListenFlags('0.0.0.0:1', undefined), {address: {host: '0.0.0.0', port: 1, loopback: false}});
	for (const [listen, token, message] of [
		['127.0.0.1:9464', file('empty', ' \n'), /is empty/],
		['127.0.0.1:9464', file('two', 'two words\n'), /one word/],
		['127.0.0.1:9464', path.join(dir, 'absent'), /not found/],
		['nowhere', undefined, /HOST:PORT/],
	] as const) {
		assert.throws(
			() => readListenFlags(listen, token),
			(e: unknown) => e instanceof UsageError && message.test(e.message),
		);
	}
});

test('the warning for an address other machines reach names it, and says when no token guards it', () => {
	const address = {host: '0.0.0.0', port: 9464, loopback: false};
	assert.match(exposedWarning(address, false), /0\.0\.0\.0:9464 is reachable from other machines.*no --listen-token-file: anyone/);
	assert.doesNotMatch(exposedWarning(address, true), /anyone/);
});
