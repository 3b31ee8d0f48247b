import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {startInPty} from './pty-run.js';
const ENGINE = 'unix:///run/ddc-top-test-engine/docker.sock';
const LABEL = 'ddc-top-bench=h14c-rss';
const docker = (...a) => execFileSync('docker', ['--host', ENGINE, ...a], {encoding: 'utf8'});
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const file = process.argv[2];
const rm = () => { const ids = docker('ps', '-aq', '--filter', `label=${LABEL}`).split('\n').filter(Boolean); if (ids.length) docker('rm', '-f', ...ids); };
rm();
for (let i = 0; i < 100; i++) docker('run', '-d', '--network', 'none', '--label', LABEL, 'local/busybox', 'sleep', '100000');
try {
	for (const env of [{}, {H14C_NO_INSPECT: '1'}, {}, {H14C_NO_INSPECT: '1'}]) {
		const view = await startInPty({argv: [process.execPath, 'bin/ddc-top.js', '--docker-host', ENGINE, '--metrics', file], columns: 120, rows: 40, executable: process.execPath, env});
		const t0 = Date.now();
		while (!view.transcript().includes('CPU ')) await delay(50);
		const out = [];
		for (const s of [5, 10, 20, 30]) { await delay(s * 1000 - (Date.now() - t0)); out.push(`${s}s ${rss(view.pid).toFixed(1)}`); }
		console.log(JSON.stringify(env), out.join('  '));
		await view.stop();
	}
} finally { rm(); }
