// Redaction cost per MB on adversarial text (each shape makes a backtracking pattern try at every
// position), and a whole `export --with-metadata` of a file whose one failure holds a 10 MB metadata value.
// Baselines run alongside: JSON.stringify of the same text, and the same export without --with-metadata.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ddc-top.js', import.meta.url));
const MB = 1024 * 1024;
const fill = (unit, size) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const SHAPES = {
	letters: 'abcdefghij',
	'short dotted words': 'a.',
	colons: 'a:',
	'quoted secret keys': '"password": "',
	'URL user info': 'a://b:',
	'PEM blocks': '-----BEGIN PRIVATE KEY-----x-----END',
	flags: '--token ',
	'header schemes': 'Authorization: token ',
	mixed: 'token=a b:c "d" e.f-g_h/i?j&k=l ',
};

function cpuMs(fn) {
	const start = process.cpuUsage();
	fn();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

export async function benchRedact() {
	const {redactString} = await import('../dist/source/core/redact.js');
	console.log('\nredaction, CPU ms per MB (8 MB of each shape; JSON.stringify of the same text alongside)');
	for (const [name, unit] of Object.entries(SHAPES)) {
		const text = fill(unit, 8 * MB);
		redactString(fill(unit, 64 * 1024));
		const ms = cpuMs(() => redactString(text));
		const base = cpuMs(() => JSON.stringify(text));
		console.log(`  ${name.padEnd(20)} ${(ms / 8).toFixed(0).padStart(5)} ms/MB   JSON.stringify ${(base / 8).toFixed(1).padStart(5)} ms/MB`);
	}

	const dir = mkdtempSync(path.join(tmpdir(), 'ddc-top-bench-redact-'));
	try {
		const now = Date.now() / 1000;
		const file = path.join(dir, 'm.jsonl');
		const entry = {operation: 'x', start_time: now - 2, end_time: now - 1, duration: 1, success: false, timestamp: 'x', metadata: {error: fill(SHAPES.mixed, 10 * MB)}};
		writeFileSync(file, `${JSON.stringify(entry)}\n`);
		console.log('\nexport of a file whose one failure holds a 10 MB metadata value (wall time, whole process)');
		for (const withMetadata of [false, true]) {
			const args = [BIN, 'export', '--no-docker', '--metrics', file, '--out', path.join(dir, 'out.json'), '--force'];
			if (withMetadata) args.push('--with-metadata');
			const t = performance.now();
			const r = spawnSync(process.execPath, args, {encoding: 'utf8'});
			const ms = performance.now() - t;
			console.log(`  ${withMetadata ? 'with' : 'without'} --with-metadata: ${ms.toFixed(0)} ms, exit ${r.status}${r.status ? ` (${r.stderr.trim()})` : ''}`);
		}
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
