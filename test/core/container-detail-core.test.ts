// The pure parts of the container detail (issue #14 §3): inspect's answer -> details, the multiplexed log
// stream -> sanitized lines, the 10-minute history and I/O rates, the operations naming a container.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cpuLimitCores, detailsFromInspect} from '../../source/core/container-details.js';
import {ContainerHistory, HISTORY_SECONDS} from '../../source/core/container-history.js';
import {ContainerLines} from '../../source/core/container-lines.js';
import {LogDecoder, MAX_LOG_LINE} from '../../source/core/container-logs.js';
import {ContainerOperations, MAX_OPERATIONS, OTHER_OPERATION} from '../../source/core/container-operations.js';
import {ddcLine} from '../helpers/ddc-lines.js';

test('details: --cpus, --cpu-quota with and without a period, no limit; Go zero times; image and restarts', () => {
	assert.equal(cpuLimitCores({NanoCpus: 500_000_000}), 0.5);
	assert.equal(cpuLimitCores({CpuQuota: 150_000, CpuPeriod: 100_000}), 1.5);
	assert.equal(cpuLimitCores({CpuQuota: 50_000}), 0.5);
	assert.equal(cpuLimitCores({NanoCpus: 0, CpuQuota: -1}), undefined);
	const d = detailsFromInspect({
		Config: {Image: 'nginx:1.27'},
		Image: 'sha256:abc',
		RestartCount: 3,
		State: {
			Status: 'exited',
			Running: false,
			StartedAt: '2026-01-02T03:04:05.5Z',
			FinishedAt: '0001-01-01T00:00:00Z',
			ExitCode: 137,
			OOMKilled: true,
		},
		HostConfig: {NanoCpus: 2e9},
	});
	assert.deepEqual(d, {
		image: 'nginx:1.27',
		state: 'exited',
		restartCount: 3,
		oomKilled: true,
		startedAt: Date.parse('2026-01-02T03:04:05.5Z'),
		exitCode: 137,
		cpuLimitCores: 2,
	});
	assert.deepEqual(detailsFromInspect({}), {image: '', state: 'unknown', restartCount: 0, oomKilled: false});
});

/** One frame of the multiplexed stream: header (stream, 0, 0, 0, length BE) and payload. */
function frame(stream: 1 | 2, text: string): Buffer {
	const payload = Buffer.from(text, 'utf8');
	const header = Buffer.alloc(8);
	header[0] = stream;
	header.writeUInt32BE(payload.length, 4);
	return Buffer.concat([header, payload]);
}

test('logs: frames split anywhere (headers, UTF-8 sequences) give the same sanitized lines, stderr marked', () => {
	const bytes = Buffer.concat([
		frame(1, 'hello wörld\nsecond '),
		frame(2, 'oops \u001b[31mred\u001b[0m\n'),
		frame(1, 'line\r\n\ttabbed\u0007\n'),
		frame(1, 'no newline'),
	]);
	const expected = [
		{text: 'hello wörld', stderr: false},
		{text: 'oops ␛[31mred␛[0m', stderr: true},
		{text: 'second line', stderr: false},
		{text: '    tabbed␇', stderr: false},
	];
	for (const size of [1, 2, 3, 7, 9, bytes.length]) {
		const decoder = new LogDecoder(true);
		const lines = [];
		for (let at = 0; at < bytes.length; at += size) lines.push(...decoder.feed(bytes.subarray(at, at + size)));
		assert.deepEqual(lines, expected, `chunks of ${size}`);
		assert.deepEqual(decoder.flush(), [{text: 'no newline', stderr: false}]);
	}
	// A TTY container's stream is the raw bytes.
	assert.deepEqual(new LogDecoder(false).feed(Buffer.from('a\nb\n')), [
		{text: 'a', stderr: false},
		{text: 'b', stderr: false},
	]);
	// A line without end is cut, so memory stays bounded.
	const long = new LogDecoder(false).feed(Buffer.from('x'.repeat(MAX_LOG_LINE * 2 + 5)));
	assert.equal(long.length, 2);
	assert.equal(long[0].text.length, MAX_LOG_LINE);
});

test('history: a second per slot over 10 minutes, gaps as null; rates over at least a second, not across a restart', () => {
	const h = new ContainerHistory();
	const t0 = 1_763_000_000_000;
	const totals = (k: number) => ({netRx: k * 1000, netTx: 0, blockRead: 0, blockWrite: k * 10});
	h.add(t0, null, 100, totals(0));
	h.add(t0 + 1000, 10, 200, totals(1));
	// Read in the same refresh, 5 ms apart: not a rate of its own.
	h.add(t0 + 1005, 12, 210, totals(2));
	assert.deepEqual(h.rates, {netRx: 1000, netTx: 0, blockRead: 0, blockWrite: 10});
	h.add(t0 + 3000, 20, 300, totals(4));
	assert.equal(h.rates?.netRx, 1500);
	const v = h.view(t0 + 3000);
	assert.equal(v.cpu.length, HISTORY_SECONDS);
	assert.deepEqual(v.cpu.slice(-4), [null, 12, null, 20]);
	assert.deepEqual(v.mem.slice(-4), [100, 210, null, 300]);
	// Ten minutes later the old seconds are gone.
	assert.ok(h.view(t0 + 700_000).mem.every((m) => m === null));
	h.add(t0 + 5000, 1, 1, totals(0));
	assert.equal(h.rates?.netRx, 0, 'counters that went back (a restart) are not a negative rate');
});

test('operations naming a container: windows by slot, only its own lines, at most 50 names', () => {
	const now = 1_763_000_000;
	const ops = new ContainerOperations();
	const lines = new ContainerLines('web', (op, end, duration, success) => ops.add(op, end, duration, success));
	const text = [
		ddcLine({operation: 'start', end: now - 100, duration: 0.2, metadata: {container: 'web'}}),
		ddcLine({operation: 'start', end: now - 50, duration: 0.4, success: false, metadata: {container: 'web', error: 'x'}}),
		ddcLine({operation: 'start', end: now - 20, duration: 0.3, metadata: {container: 'webby'}}),
		ddcLine({operation: 'stats', end: now - 2 * 3600, duration: 0.1, metadata: {container: 'web'}}),
		ddcLine({operation: 'stats', end: now - 3 * 86_400, duration: 0.1, metadata: {container: 'web'}}),
		ddcLine({operation: 'other_op', end: now - 10, duration: 0.1, metadata: {note: 'web'}}),
		ddcLine({operation: 'plain', end: now - 10, duration: 0.1}),
	].join('');
	const bytes = Buffer.from(text);
	for (let at = 0; at < bytes.length; at += 17) lines.ingestBytes(bytes.subarray(at, at + 17));
	assert.deepEqual(
		ops.rows('1h', now).map((r) => [r.operation, r.calls, r.failures]),
		[['start', 2, 1]],
	);
	assert.deepEqual(
		ops.rows('24h', now).map((r) => [r.operation, r.calls]),
		[
			['start', 2],
			['stats', 1],
		],
	);
	assert.deepEqual(
		ops.rows('all', now).map((r) => [r.operation, r.calls]),
		[
			['start', 2],
			['stats', 2],
		],
	);
	const p95 = ops.rows('1h', now)[0].p95 ?? 0;
	assert.ok(Math.abs(p95 - 0.39) < 0.01, `p95 ${p95}`);

	const many = new ContainerOperations();
	for (let i = 0; i < MAX_OPERATIONS + 20; i++) many.add(`op_${i}`, now, 0.1, true);
	const rows = many.rows('all', now);
	assert.equal(rows.length, MAX_OPERATIONS + 1);
	assert.deepEqual(
		rows.filter((r) => r.operation === OTHER_OPERATION).map((r) => r.calls),
		[20],
	);
});
