import assert from 'node:assert/strict';
import {test} from 'node:test';
import {numberValue, scanNumber, skipNumber} from '../../source/core/fast-number.js';
import {scanLine, scratchLine} from '../../source/core/line-scanner.js';
import {matcher, viewOf} from '../../source/core/matcher.js';
import {seededRandom} from '../../source/core/random.js';

/** scanNumber on `text` followed by a comma, as inside a line; undefined when it defers. */
function scan(text: string): number | undefined {
	const buf = Buffer.from(`${text},`, 'latin1');
	const end = scanNumber(buf, viewOf(buf), 0, buf.length);
	if (end === -1) return undefined;
	assert.equal(end, text.length, `end of ${text}`);
	return numberValue[0];
}

/** Python writes a float with the shortest digits that round-trip, as JavaScript does; 17 at most. */
function randomNumberText(random: () => number): string {
	switch (Math.floor(random() * 8)) {
		case 0:
			// An epoch time as time.time() gives it.
			return String(1_600_000_000 + random() * 4e8);
		case 1:
			// A duration, 17 digits most of the time.
			return String(random() * 10 ** Math.floor(random() * 6 - 3));
		case 2:
			// Fewer digits, as a rounded writer gives them.
			return (random() * 1e4).toFixed(Math.floor(random() * 12));
		case 3:
			// Exponent forms, both signs and cases.
			return (
				`${(1 + random() * 9).toFixed(Math.floor(random() * 17))}` +
				`${random() < 0.5 ? 'e' : 'E'}${random() < 0.5 ? '-' : '+'}${Math.floor(random() * 30)}`
			);
		case 4:
			return `-${String(random() * 10 ** Math.floor(random() * 12 - 4))}`;
		case 5:
			// Integers around 2^53 and beyond.
			return String(Math.floor(random() * 2 ** (40 + random() * 25)));
		case 6:
			// Many digits: more than a double holds, the string parser's to decide or exact here.
			return (
				`${Math.floor(random() * 1000)}.` +
				`${Array.from({length: 10 + Math.floor(random() * 15)}, () => Math.floor(random() * 10)).join('')}`
			);
		default:
			// Halfway between two doubles above 2^53 (spacing 2, 4, 8): ties that round to even.
			return `${2 ** 53 + 2 * Math.floor(random() * 1e6) + 1}.${'0'.repeat(Math.floor(random() * 3))}${random() < 0.5 ? '' : '5'}`;
	}
}

test('numbers: every value the byte reader gives is the one JSON.parse gives, bit for bit', () => {
	const random = seededRandom(5150);
	let taken = 0;
	for (let i = 0; i < 200_000; i++) {
		const text = randomNumberText(random);
		const value = scan(text);
		if (value === undefined) continue;
		taken++;
		assert.ok(Object.is(value, JSON.parse(text)), `${text}: ${value} vs ${JSON.parse(text)}`);
	}
	assert.ok(taken > 150_000, `${taken} of 200,000 read from bytes`);
});

test("numbers: Python's 17-digit epoch times and durations all take the byte path", () => {
	const random = seededRandom(99);
	let seventeen = 0;
	for (let i = 0; i < 50_000; i++) {
		for (const text of [String(1_700_000_000 + random() * 1e8), String(random() * 10 ** Math.floor(random() * 5 - 3))]) {
			if (text.replace(/^[0.]+|[.e-].*$|\./g, '').length >= 17 || text.replace(/[.]/g, '').replace(/^0+/, '').length >= 17) seventeen++;
			const value = scan(text);
			// A tie or near-tie (about one in a million) may defer; nothing else does.
			if (value === undefined) continue;
			assert.ok(Object.is(value, JSON.parse(text)), text);
		}
	}
	assert.ok(seventeen > 10_000, `${seventeen} with 17 significant digits`);
	let deferred = 0;
	for (let i = 0; i < 20_000; i++) if (scan(String(1_700_000_000 + random() * 1e8)) === undefined) deferred++;
	assert.ok(deferred < 20, `${deferred} of 20,000 epoch times deferred`);
});

test('numbers: exact ties and what is not a JSON number are never given a value', () => {
	// 2^53 + 1 is halfway between two doubles; a wrong rounding would differ from JSON.parse.
	for (const tie of ['9007199254740993.0', '9007199254740995.00', '18014398509481986.0']) {
		const value = scan(tie);
		assert.ok(value === undefined || Object.is(value, JSON.parse(tie)), tie);
	}
	for (const bad of ['', '-', '01', '1.', '.5', '1e', '1e+', '--1', '+1', '0x10', 'NaN', 'Infinity', '1.5.5']) {
		const buf = Buffer.from(`${bad},`, 'latin1');
		const end = scanNumber(buf, viewOf(buf), 0, buf.length);
		let valid = true;
		try {
			JSON.parse(bad);
		} catch {
			valid = false;
		}
		// Either refused, or it stops where the JSON number ends and the caller finds what follows invalid.
		if (end !== -1) assert.ok(!valid ? buf[end] !== 44 : end === bad.length, bad);
	}
	// Beyond what is proven: more than 22 decimal places past 17 digits, a huge exponent.
	assert.equal(scan('0.00000012345678901234567'), undefined);
	assert.equal(scan('1e400'), undefined);
	// A number that runs past `end` is refused.
	const buf = Buffer.from('12345678,', 'latin1');
	assert.equal(scanNumber(buf, viewOf(buf), 0, 5), -1);
	assert.equal(skipNumber(buf, viewOf(buf), 0, 5), -1);
});

test('skipNumber ends where JSON ends a number, four digits at a time or one', () => {
	const random = seededRandom(8);
	const alphabet = '0123456789.-+eE:/';
	for (let i = 0; i < 50_000; i++) {
		const text = Array.from({length: 1 + Math.floor(random() * 24)}, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
		const buf = Buffer.from(`${text}\n`, 'latin1');
		const end = skipNumber(buf, viewOf(buf), 0, buf.length);
		const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text);
		// The regex may stop short where skipNumber refuses (`1.` or `1e`): both say "not a number here" then.
		if (end === -1) assert.ok(!match || /^[.eE]/.test(text.slice(match[0].length)), text);
		else assert.equal(end, match?.[0].length, text);
	}
});

test('matchers: a word at a time agrees with a byte at a time, digits and bytes near them included', () => {
	const random = seededRandom(21);
	const text = ', "timestamp": "####-##-##T##:##:##.######", "metadata": ';
	const at = matcher(text, '#');
	const plain = matcher('{"operation": "');
	const tricky = [0x2f, 0x30, 0x39, 0x3a, 0x3f, 0xb0, 0xb9, 0xff, 0x00, 0x7f, 0x20, 0x22];
	const sample = Buffer.from(', "timestamp": "2025-11-12T23:59:59.123456", "metadata": {}}', 'latin1');
	let matched = 0;
	for (let i = 0; i < 50_000; i++) {
		const buf = Buffer.from(sample);
		const flips = Math.floor(random() * 3);
		for (let f = 0; f < flips; f++) buf[Math.floor(random() * text.length)] = tricky[Math.floor(random() * tricky.length)];
		const expected = [...text].every((ch, j) => (ch === '#' ? buf[j] >= 0x30 && buf[j] <= 0x39 : buf[j] === ch.charCodeAt(0)));
		assert.equal(at(buf, viewOf(buf), 0, buf.length), expected, buf.toString('latin1'));
		if (expected) matched++;
	}
	assert.ok(matched > 15_000 && matched < 45_000, `${matched} matched`);
	const line = Buffer.from('{"operation": "x"', 'latin1');
	assert.equal(plain(line, viewOf(line), 0, line.length), true);
	// Never past `end`, even with the bytes there.
	assert.equal(plain(line, viewOf(line), 0, 14), false);
	line[3] = 0x4f;
	assert.equal(plain(line, viewOf(line), 0, line.length), false);
});

test('operation names that differ in one digit get distinct hashes spread over the cache slots', () => {
	const out = scratchLine();
	const hashes = new Set<number>();
	const slots = new Set<number>();
	for (let i = 0; i < 1000; i++) {
		const buf = Buffer.from(
			`{"operation": "bench_operation_${String(i).padStart(4, '0')}", "start_time": 1.5, "end_time": 2.5, "duration": 1.0,` +
				' "success": true, "timestamp": "2025-11-12T23:59:59.123456", "metadata": {}}',
		);
		assert.ok(scanLine(buf, 0, buf.length, out));
		assert.ok(Number.isInteger(out.opHash) && out.opHash >= 0 && out.opHash < 2 ** 30);
		hashes.add(out.opHash);
		slots.add(out.opHash & 2047);
	}
	assert.equal(hashes.size, 1000);
	// 1,000 names thrown at random into 2,048 slots fill about 790.
	assert.ok(slots.size > 700, `${slots.size} slots`);
});
