/**
 * Issue #14 against the PRIVATE engine (.ci/docker-engine.sh, named in every call): `a` lists stopped
 * containers and hides them again, inspect's details (image, restart count, CPU limit) reach the table's rows,
 * and a container's logs arrive decoded and sanitized. Run with --test-concurrency=1.
 */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type {LogLine, LogStreamState} from '../../source/core/container-logs.js';
import {createDockerSource, type DockerSource} from '../../source/sources/docker.js';
import type {SourceEvent} from '../../source/sources/source.js';
import {createContainerTable} from '../../source/state/containers.js';
import {createContainers, docker, ENGINE_HOST, ensureEngine, TEST_IMAGE} from '../helpers/docker-engine.js';
import {waitFor} from '../helpers/wait-for.js';

const containers = createContainers('ddctop-detail');
const running = new Set<DockerSource>();

function watch() {
	const source = createDockerSource({host: ENGINE_HOST, env: {}, clock: Date.now});
	running.add(source);
	const table = createContainerTable();
	const logs: LogLine[] = [];
	const logStates: LogStreamState[] = [];
	source.start((event: SourceEvent) => {
		table.ingest(event);
		if (event.type === 'container-log-lines') logs.push(...event.lines);
		if (event.type === 'container-log-state') logStates.push(event.state);
	});
	const row = (name: string) => table.view(Date.now()).rows.find((r) => r.sample.name === name);
	return {source, table, logs, logStates, row};
}

before(ensureEngine);

after(async () => {
	await Promise.allSettled([...running].map((s) => s.stop()));
	await containers.removeAll();
});

test('`a` lists an exited container (with its state) and hides it again; a container that dies while shown stays', async () => {
	const exited = await containers.run('exited', [], ['true']);
	// `docker wait` returns once it has exited.
	await docker(['wait', exited.name]);
	const live = await containers.run('live', [], ['sleep', '100000']);
	const w = watch();
	try {
		await waitFor(() => w.row(live.name) !== undefined, 10_000, 'the running container listed');
		assert.equal(w.row(exited.name), undefined, 'a stopped container is not listed by default');
		w.source.want({all: true});
		await waitFor(() => w.row(exited.name) !== undefined, 10_000, 'the exited container listed with `a`');
		assert.equal(w.row(exited.name)!.sample.state, 'exited');
		assert.equal(w.row(exited.name)!.pending, false, 'a stopped container is not "reading stats"');
		assert.ok(!w.source.openStatsStreams().includes(exited.id), 'no stats stream for a stopped container');
		await waitFor(() => w.row(exited.name)?.details !== undefined, 10_000, 'details of the exited container');
		assert.equal(w.row(exited.name)!.details!.exitCode, 0);

		// Stopped while all are shown: the row stays, with its new state, and its stream closes.
		await docker(['stop', '-t', '0', live.name]);
		await waitFor(() => w.row(live.name)?.sample.state === 'exited', 10_000, 'the stopped container shown as exited');
		await waitFor(() => !w.source.openStatsStreams().includes(live.id), 5000, 'its stats stream closed');

		w.source.want({all: false});
		await waitFor(() => w.row(exited.name) === undefined && w.row(live.name) === undefined, 5000, 'stopped containers hidden again');
	} finally {
		await w.source.stop();
	}
});

test('inspect details: image, restart count after a restart, CPU limit of --cpus 0.5', async () => {
	const capped = await containers.run('capped', ['--cpus', '0.5', '--restart', 'on-failure'], ['sh', '-c', 'sleep 1; exit 3']);
	const w = watch();
	try {
		await waitFor(() => w.row(capped.name)?.details !== undefined, 10_000, 'details of the capped container');
		const first = w.row(capped.name)!.details!;
		assert.equal(first.image, TEST_IMAGE);
		assert.equal(first.cpuLimitCores, 0.5);
		assert.ok(first.startedAt !== undefined && Math.abs(first.startedAt - Date.now()) < 60_000, `startedAt ${first.startedAt}`);
		// It exits with 3 after a second and the daemon restarts it: the restart count follows from the events.
		await waitFor(() => (w.row(capped.name)?.details?.restartCount ?? 0) >= 1, 20_000, 'a restart counted');
		const cli = Number(await docker(['inspect', '-f', '{{.RestartCount}}', capped.name]));
		assert.ok(cli >= w.row(capped.name)!.details!.restartCount, `docker inspect says ${cli}`);
	} finally {
		await w.source.stop();
		await containers.remove(capped.name);
	}
});

test('logs: a tail and followed lines of a non-TTY container, control characters sanitized, stopped when hidden', async () => {
	// printf's octal escapes: ESC [ 2 J (clear screen) and BEL inside the line, a tab, stderr too.
	const script = String.raw`printf 'first\n'; printf 'evil \033[2J bell\007 tab\there\n' ; printf 'to stderr\n' >&2; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done`;
	const talker = await containers.run('talker', [], ['sh', '-c', script]);
	const w = watch();
	try {
		await waitFor(() => w.row(talker.name) !== undefined, 10_000, 'the talker listed');
		w.source.want({all: false, logs: talker.id});
		await waitFor(() => w.logs.some((l) => l.text.startsWith('tick 3')), 10_000, 'followed lines');
		const texts = w.logs.map((l) => l.text);
		assert.ok(texts.includes('first'), 'the tail has the first line');
		assert.ok(texts.includes('evil ␛[2J bell␇ tab    here'), `sanitized line missing in ${JSON.stringify(texts.slice(0, 4))}`);
		assert.ok(
			w.logs.some((l) => l.text === 'to stderr' && l.stderr),
			'the stderr line, marked',
		);
		for (const text of texts) assert.doesNotMatch(text, /[\u0000-\u001f\u007f]/, 'a raw control character reached the view');
		assert.ok(w.logStates.some((s) => s.kind === 'following'));

		w.source.want({all: false});
		const count = w.logs.length;
		const lastTick = (lines: string[]) => Math.max(0, ...lines.map((l) => Number(/^tick (\d+)$/.exec(l)?.[1] ?? 0)));
		const ours = lastTick(w.logs.map((l) => l.text));
		// The container goes on printing; hidden logs get no more lines (the CLI shows it printed 3 more since).
		let theirs = 0;
		await waitFor(
			() => {
				void docker(['logs', '--tail', '1', talker.name]).then((out) => {
					theirs = lastTick([out]);
				});
				return theirs >= ours + 3;
			},
			10_000,
			'three more lines printed by the container',
			250,
		);
		assert.equal(w.logs.length, count, 'lines arrived after the logs were hidden');
	} finally {
		await w.source.stop();
	}
});

test('an OOM kill: counted from the oom event, and inspect says the last exit was one', async () => {
	const w = watch();
	try {
		w.source.want({all: true});
		await waitFor(() => w.table.view(Date.now()).status.kind === 'live', 10_000, 'live');
		// 64 MB of text in a shell variable under an 8 MB limit without swap: the kernel kills it.
		const hog = await containers.run(
			'hog',
			['--memory', '8m', '--memory-swap', '8m'],
			['sh', '-c', 'a=$(head -c 64000000 /dev/zero | tr "\\0" x)'],
		);
		await waitFor(() => w.row(hog.name)?.details?.oomKilled === true, 20_000, 'inspect saying OOMKilled');
		const details = w.row(hog.name)!.details!;
		assert.equal(details.exitCode, 137);
		assert.ok((details.oomEvents ?? 0) >= 1, `oom events ${details.oomEvents}`);
		assert.equal(w.row(hog.name)!.sample.state, 'exited');
	} finally {
		await w.source.stop();
	}
});
