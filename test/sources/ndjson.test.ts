import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {consumeNdjson} from '../../source/sources/ndjson.js';

function consume(body: PassThrough, signal = new AbortController().signal) {
	const values: unknown[] = [];
	let closes = 0;
	let error: Error | undefined;
	const done = consumeNdjson(Promise.resolve(body), signal, {
		onValue: (value) => values.push(value),
		onClose: (e) => {
			closes++;
			error = e;
		},
	});
	return {values, done, closes: () => closes, error: () => error};
}

test('objects split anywhere, several per chunk, CRLF and blank lines: each whole line parsed once', async () => {
	const body = new PassThrough();
	const r = consume(body);
	const text = '{"a":1}\n{"b":"é ü"}\r\n\n{"c":[1,2,3]}\n{"d":{"e":null}}\n';
	const bytes = Buffer.from(text);
	// Every split point, including inside the two-byte é, across three chunks.
	body.write(bytes.subarray(0, 3));
	body.write(bytes.subarray(3, 15));
	body.write(bytes.subarray(15, 16));
	body.write(bytes.subarray(16));
	body.end();
	await r.done;
	assert.deepEqual(r.values, [{a: 1}, {b: 'é ü'}, {c: [1, 2, 3]}, {d: {e: null}}]);
	assert.equal(r.closes(), 1);
	assert.equal(r.error(), undefined);
});

test('a last line without a newline is still delivered at the end; a torn one is skipped', async () => {
	const whole = new PassThrough();
	const a = consume(whole);
	whole.end('{"x":1}\n{"y":2}');
	await a.done;
	assert.deepEqual(a.values, [{x: 1}, {y: 2}]);

	const torn = new PassThrough();
	const b = consume(torn);
	torn.write('{"x":1}\n{"y":');
	// Let the reader take the chunk before the connection breaks (destroy drops unread data).
	await new Promise((resolve) => setImmediate(resolve));
	torn.destroy(Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}));
	await b.done;
	assert.deepEqual(b.values, [{x: 1}]);
	assert.equal(b.closes(), 1);
	assert.equal((b.error() as NodeJS.ErrnoException).code, 'ECONNRESET');
});

test('a response that arrives after the abort is destroyed and reported closed once', async () => {
	const controller = new AbortController();
	controller.abort();
	const body = new PassThrough();
	const r = consume(body, controller.signal);
	await r.done;
	assert.ok(body.destroyed);
	assert.equal(r.closes(), 1);
	assert.deepEqual(r.values, []);
});

test('a line over the limit is skipped without being built; the lines after it still arrive', async () => {
	const {MAX_LINE_BYTES} = await import('../../source/core/line-limit.js');
	const body = new PassThrough();
	const r = consume(body);
	body.write('{"a":1}\n{"huge": "');
	const chunk = Buffer.alloc(256 * 1024, 'z');
	const before = process.memoryUsage().arrayBuffers;
	let peak = 0;
	for (let sent = 0; sent < 24 * 1024 * 1024; sent += chunk.length) {
		body.write(chunk);
		// Let the reader take each chunk, as a socket would deliver it.
		await new Promise((resolve) => setImmediate(resolve));
		peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
	}
	body.write('"}\n{"b":2}\n');
	body.end('{"c":3}');
	await r.done;
	assert.deepEqual(r.values, [{a: 1}, {b: 2}, {c: 3}]);
	assert.ok(peak < 4 * MAX_LINE_BYTES, `held ${(peak / 1024 / 1024).toFixed(1)} MB`);
});

test('readValue: its value is delivered without JSON.parse; where it gives undefined the line is parsed', async () => {
	const body = new PassThrough();
	const seen: string[] = [];
	const values: unknown[] = [];
	const done = consumeNdjson(Promise.resolve(body), new AbortController().signal, {
		readValue: (bytes, start, end) => {
			const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end);
			seen.push(text);
			return text.startsWith('{"fast"') ? {read: text.length} : undefined;
		},
		onValue: (value) => values.push(value),
		onClose: () => {},
	});
	body.write('{"fast":1}\n{"slow":2}\n{"fa');
	body.write('st":3}\nnot json\n');
	body.end('{"slow":4}');
	await done;
	assert.deepEqual(seen, ['{"fast":1}', '{"slow":2}', '{"fast":3}', 'not json', '{"slow":4}']);
	// A line neither reads (not JSON) is skipped, as before.
	assert.deepEqual(values, [{read: 10}, {slow: 2}, {read: 10}, {slow: 4}]);
});
