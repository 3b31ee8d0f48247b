import assert from 'node:assert/strict';
import {test} from 'node:test';
import {DEFAULT_LISTEN, formatHostPort, parseListenAddress} from '../../source/core/listen-address.js';

const ok = (text: string) => {
	const r = parseListenAddress(text);
	assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
	return r.address;
};

test('the default is loopback on 9464', () => {
	assert.deepEqual(ok(DEFAULT_LISTEN), {host: '127.0.0.1', port: 9464, loopback: true});
});

test('loopback addresses are told from the ones other machines reach', () => {
	assert.equal(ok('127.0.0.1:0').loopback, true);
	assert.equal(ok('127.1.2.3:80').loopback, true);
	assert.equal(ok('localhost:9464').loopback, true);
	assert.equal(ok('[::1]:9464').loopback, true);
	assert.equal(ok('[0:0:0:0:0:0:0:1]:9464').loopback, true);
	assert.equal(ok('0.0.0.0:9464').loopback, false);
	assert.equal(ok('192.168.1.10:9464').loopback, false);
	assert.equal(ok('[::]:9464').loopback, false);
	assert.equal(ok('[fe80::1]:9464').loopback, false);
});

test('an address without a host, a port out of range, a name or a bad IPv4 is refused with a reason', () => {
	for (const [text, reason] of [
		[':9464', /HOST:PORT/],
		['9464', /HOST:PORT/],
		['127.0.0.1', /HOST:PORT/],
		['127.0.0.1:65536', /port must be/],
		['example.com:9464', /IPv4 address/],
		['300.0.0.1:9464', /IPv4 address/],
		['[127.0.0.1]:9464', /brackets/],
		['::1:9464', /HOST:PORT/],
	] as const) {
		const r = parseListenAddress(text);
		assert.equal(r.ok, false, text);
		if (!r.ok) assert.match(r.error, reason, text);
	}
});

test('an IPv6 host is bracketed in a URL', () => {
	assert.equal(formatHostPort('::1', 9464), '[::1]:9464');
	assert.equal(formatHostPort('127.0.0.1', 9464), '127.0.0.1:9464');
});
