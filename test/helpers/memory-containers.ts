/**
 * Two REAL containers on the PRIVATE test engine for memory-growth tests: `leaky` appends 1 MiB to a file on
 * its tmpfs every 2 s (30 MB/min, steadily), `sawtooth` writes 20 MiB and removes it every 10 s (up and
 * down, no trend). Both are removed by `removeAll`.
 */
import {after, before} from 'node:test';
import {createContainers, ensureEngine} from './docker-engine.js';

export interface MemoryContainers {
	leaky: {name: string};
	sawtooth: {name: string};
}

/** Starts both before the file's tests and removes them after; the object is filled once they run. */
export function memoryContainers(prefix: string): MemoryContainers {
	const containers = createContainers(prefix);
	const out = {} as MemoryContainers;
	before(async () => {
		await ensureEngine();
		const tmpfs = ['--tmpfs', '/t:size=400m', '--memory', '512m'];
		[out.leaky, out.sawtooth] = await Promise.all([
			containers.run('leaky', tmpfs, ['sh', '-c', 'while true; do head -c 1048576 /dev/zero >> /t/leak; sleep 2; done']),
			containers.run('sawtooth', tmpfs, [
				'sh',
				'-c',
				'while true; do head -c 20971520 /dev/zero > /t/gc; sleep 5; rm -f /t/gc; sleep 5; done',
			]),
		]);
	});
	after(async () => {
		await containers.removeAll();
	});
	return out;
}
