// A stand-in for DDC's writer, run as a separate process: for every entry it opens the file in append mode,
// writes one json.dumps-style line and closes it, exactly as utils/performance_metrics.py does.
// usage: node ddc-writer.mjs PATH COUNT PER_SECOND [FIRST_SEQ] [OPERATION]
import {appendFileSync} from 'node:fs';
// The built module (npm test builds first), so this runs under plain node as a separate process.
import {formatDdcLine} from '../../dist/source/core/ddc-line-writer.js';

const [path, countText, rateText, firstText = '0', operation = 'writer_op'] = process.argv.slice(2);
const count = Number(countText);
const rate = Number(rateText);
const first = Number(firstText);
const started = Date.now();
for (let i = 0; i < count; i++) {
	const seq = first + i;
	const end = Date.now() / 1000;
	const duration = 0.001 + (seq % 100) / 1000;
	appendFileSync(path, formatDdcLine({operation, end, duration, success: seq % 10 !== 0, metadata: {seq}}));
	// Pace to the requested rate (a writer's cadence, not a wait for a condition).
	const due = started + ((i + 1) * 1000) / rate;
	while (Date.now() < due) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(1, due - Date.now()));
}
