/**
 * End to end in a real terminal, the container detail (issue #14 §3): tmux runs the built ddc-top against
 * the PRIVATE Docker engine (.ci/docker-engine.sh, named with --docker-host) and a metrics file whose calls
 * name a container of this run in metadata.container. Tab moves to the containers, / narrows them to this
 * run's container, Enter opens its detail (its name, the CPU and memory charts, the operations naming it),
 * l shows its log lines, Esc goes back. The container has a name unique to this run and is removed after.
 */

import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {REPO} from '../helpers/child.js';
import {ddcLine} from '../helpers/ddc-lines.js';
import {createContainers, ENGINE_HOST, ensureEngine} from '../helpers/docker-engine.js';
import {tempDir} from '../helpers/temp-dir.js';
import {killMarked, Tmux, waitNoProcess, waitSelected} from '../helpers/tmux.js';

const BIN = path.join(REPO, 'bin/ddc-top.js');
const containers = createContainers('e2e');
const tmux = new Tmux();
const dir = tempDir('ddc-top-e2e-container-');
const metrics = path.join(dir, 'performance_metrics.jsonl');
let name = '';

const containersFocused = (l: string[]) => l.some((x) => /▶ Containers \(/.test(x));
const detailOf = (l: string[]) => new RegExp(`^ddc-top \\S+ · container ${name} · running`).test(l[0] ?? '');

before(async () => {
	await ensureEngine();
	// Prints a numbered line every 200 ms, so the logs have lines whenever they are opened.
	const started = await containers.run('web', [], ['sh', '-c', 'i=0; while true; do echo "e2e-log-line $i"; i=$((i+1)); sleep 0.2; done']);
	name = started.name;
	const now = Date.now() / 1000;
	let body = '';
	for (let i = 0; i < 12; i++)
		body += ddcLine({operation: 'e2e_container_op', end: now - 60 + i, duration: 0.01, metadata: {container: name}});
	for (let i = 0; i < 5; i++)
		body += ddcLine({operation: 'e2e_other_op', end: now - 60 + i, duration: 0.02, metadata: {container: 'someone-else'}});
	writeFileSync(metrics, body);
	await tmux.start(dir, 120, 40);
	await tmux.type(`DDC_TOP_E2E=${tmux.socket} ${process.execPath} ${BIN} --metrics ${metrics} --docker-host ${ENGINE_HOST} --interval 200`);
	await tmux.keys('Enter');
});

after(async () => {
	await tmux.kill();
	// A ddc-top that outlived its terminal (a failed test) is ours: end it by pid.
	killMarked(tmux.socket);
	await containers.removeAll();
});

test('Tab, a row, Enter: the container detail with its name and charts; l shows its logs; Esc goes back', async () => {
	await tmux.waitScreen((l) => l.some((x) => x.startsWith('OPERATION ')), 'the tables', 15_000);
	await tmux.keys('Tab');
	await tmux.waitScreen(containersFocused, 'the containers focused');
	// Other tests may run containers on the engine: the filter leaves only this run's.
	await tmux.type('/');
	await tmux.waitScreen((l) => l.some((x) => x.startsWith('filter containers: ▏')), 'the filter prompt of the containers');
	await tmux.type(containers.prefix);
	await tmux.keys('Enter');
	const table = await tmux.waitScreen(
		(l) => containersFocused(l) && l.some((x) => x.startsWith(`${name} `)),
		'the row of the container, with its stats',
		15_000,
	);
	assert.equal(table.filter((x) => x.startsWith(containers.prefix)).length, 1, table.join('\n'));
	await waitSelected(tmux, name);

	await tmux.keys('Enter');
	const detail = await tmux.waitScreen(
		(l) => detailOf(l) && l.some((x) => /^CPU % of /.test(x)) && l.some((x) => /^Memory /.test(x)),
		'the detail with its charts',
		10_000,
	);
	assert.ok(
		detail.some((l) => /^CPU % of .* \(last 10 min, \d+ s per column\)$/.test(l)),
		'the CPU chart, counted back from now',
	);
	assert.ok(
		detail.some((l) => l.includes('╵now')),
		'the charts have their time axis',
	);
	assert.equal(detail.filter((l) => l.startsWith('OPERATION ')).length, 0, 'the tables are not drawn under it');
	// Its operations come from the metrics file: only the calls naming this container.
	const ops = await tmux.waitScreen(
		(l) =>
			l.some((x) => /^Operations naming it in metadata\.container \(window 24h\)$/.test(x)) &&
			l.some((x) => /^\s*e2e_container_op\s+12\s/.test(x)),
		'the operations naming it, read from the file',
	);
	assert.ok(!ops.some((l) => l.includes('e2e_other_op')), 'calls naming another container are not its');

	await tmux.type('l');
	const logs = await tmux.waitScreen(
		(l) => detailOf(l) && l.some((x) => /^Logs \(following; l hides\)/.test(x)) && l.some((x) => /^e2e-log-line \d+$/.test(x)),
		'its log lines',
		10_000,
	);
	const numbers = logs.flatMap((l) => /^e2e-log-line (\d+)$/.exec(l)?.[1] ?? []).map(Number);
	assert.deepEqual(
		numbers,
		[...numbers].sort((a, b) => a - b),
		'in the order it printed them',
	);
	await tmux.type('l');
	await tmux.waitScreen((l) => detailOf(l) && !l.some((x) => /^Logs \(/.test(x)), 'the logs hidden again by l');

	await tmux.keys('Escape');
	await tmux.waitScreen(
		(l) => containersFocused(l) && l.some((x) => x.startsWith('OPERATION ')) && !detailOf(l),
		'the tables back after Esc',
	);
	await waitSelected(tmux, name);

	await tmux.type('q');
	await waitNoProcess(tmux.socket, 5000);
});
