import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {open} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {formatDdcLine} from '../../source/core/ddc-line-writer.js';
import {MAX_LINE_BYTES} from '../../source/core/line-limit.js';
import {classifyLines} from '../../source/effects/cleanup-pass.js';
import {tempDir} from '../helpers/temp-dir.js';

const NOW = 1_763_000_000;
const CUTOFF = NOW - 86_400;

/** A line that is valid JSON and a valid entry, but longer than the viewer reads. */
const longValid = (bytes: number, fill: string) => {
	const bare = formatDdcLine({operation: 'big', end: NOW, duration: 1, metadata: {pad: ''}});
	return bare.replace('"pad": ""', `"pad": "${fill.repeat(bytes - bare.length + 1)}"`);
};

async function run(file: string, dropInvalid: boolean) {
	const out = `${file}.out`;
	const handle = await open(file, 'r');
	const sink = await open(out, 'w');
	try {
		const counts = await classifyLines(handle, (await handle.stat()).size, CUTOFF, dropInvalid, sink);
		return {counts, text: readFileSync(out, 'latin1')};
	} finally {
		await handle.close();
		await sink.close();
	}
}

test('cleanup treats lines over the line limit as lines it cannot read: kept byte for byte, or dropped with --drop-invalid', async () => {
	const file = path.join(tempDir(), 'm.jsonl');
	const old = formatDdcLine({operation: 'old', end: NOW - 10 * 86_400, duration: 1});
	const recent = formatDdcLine({operation: 'recent', end: NOW - 60, duration: 1});
	// 2 MiB fits in one 4 MiB read (the whole line is at hand); 9 MiB spans reads and is never held whole.
	const inOneRead = longValid(2 * MAX_LINE_BYTES, 'a');
	const acrossReads = longValid(9 * MAX_LINE_BYTES, 'b');
	const body = old + inOneRead + recent + acrossReads + recent + old;
	writeFileSync(file, body, 'latin1');

	const kept = await run(file, false);
	assert.equal(kept.counts.invalid, 2);
	assert.equal(kept.counts.old, 2);
	assert.equal(kept.counts.kept, 2);
	assert.equal(kept.counts.lines, 6);
	assert.equal(kept.text, inOneRead + recent + acrossReads + recent);
	assert.equal(kept.counts.keptBytes, Buffer.byteLength(kept.text, 'latin1'));

	const dropped = await run(file, true);
	assert.equal(dropped.counts.invalid, 2);
	assert.equal(dropped.text, recent + recent);
});

test('an unfinished long last line is left for later, not judged', async () => {
	const file = path.join(tempDir(), 'm.jsonl');
	const recent = formatDdcLine({operation: 'recent', end: NOW - 60, duration: 1});
	writeFileSync(file, recent + longValid(6 * MAX_LINE_BYTES, 'c').trimEnd(), 'latin1');
	const r = await run(file, false);
	assert.equal(r.counts.lines, 1);
	assert.equal(r.counts.end, Buffer.byteLength(recent));
	assert.equal(r.text, recent);
});
