// Writes N lines in DDC's exact format (json.dumps, key order, Python floats), spread over D days up to now,
// with the demo's 15 operations. Seeded, so every run measures the same file.

import {once} from 'node:events';
import {createWriteStream} from 'node:fs';
import {demoLine} from '../dist/source/core/demo-lines.js';
import {seededRandom} from '../dist/source/core/random.js';

export async function generateMetricsFile(path, {lines = 1_000_000, days = 30, nowSeconds = Date.now() / 1000, seed = 42} = {}) {
	const random = seededRandom(seed);
	const out = createWriteStream(path);
	const span = days * 86_400;
	const batch = [];
	for (let i = 0; i < lines; i++) {
		batch.push(demoLine(random, nowSeconds - span + (span * (i + 0.5)) / lines));
		if (batch.length === 10_000) {
			if (!out.write(batch.join(''))) await once(out, 'drain');
			batch.length = 0;
		}
	}
	out.end(batch.join(''));
	await once(out, 'finish');
}
