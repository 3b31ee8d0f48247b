// Writes N lines in DDC's exact format naming M operations (the tracked-operation cap is 1,000), spread evenly
// over the last H hours up to now, so every operation has calls in the 1h, 24h and all windows. Seeded.

import {once} from 'node:events';
import {createWriteStream} from 'node:fs';
import {formatDdcLine} from '../dist/source/core/ddc-line-writer.js';
import {logNormal, seededRandom} from '../dist/source/core/random.js';

export async function generateManyOperationsFile(
	path,
	{operations = 1000, lines = 1_000_000, hours = 24, nowSeconds = Date.now() / 1000, seed = 7} = {},
) {
	const random = seededRandom(seed);
	const names = Array.from({length: operations}, (_, i) => `bench_operation_${String(i).padStart(4, '0')}`);
	const medians = names.map(() => 0.001 * Math.exp(random() * 7));
	const out = createWriteStream(path);
	const span = hours * 3600;
	const batch = [];
	for (let i = 0; i < lines; i++) {
		const op = Math.floor(random() * operations);
		const end = nowSeconds - span + (span * (i + 0.5)) / lines;
		const failed = random() < 0.01;
		const duration = logNormal(random, medians[op], 0.7);
		batch.push(formatDdcLine({operation: names[op], end, duration, success: !failed, metadata: failed ? {error: 'Timeout'} : {}}));
		if (batch.length === 10_000) {
			if (!out.write(batch.join(''))) await once(out, 'drain');
			batch.length = 0;
		}
	}
	out.end(batch.join(''));
	await once(out, 'finish');
}
