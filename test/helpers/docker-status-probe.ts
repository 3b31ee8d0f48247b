/**
 * Run as a child process (bundled by probe-bundle.ts and run under setpriv as an unprivileged user, since
 * root ignores socket permissions): starts a Docker source for argv[2] and prints the first status that is
 * not 'connecting' as one JSON line, then stops the source and exits.
 */

import type {DockerStatus} from '../../source/core/samples.js';
import {createDockerSource} from '../../source/sources/docker.js';

// Only the endpoint given: no DOCKER_* variable of the caller's applies.
const source = createDockerSource({host: process.argv[2], env: {}, clock: Date.now});
const deadline = setTimeout(() => {
	process.stdout.write(`${JSON.stringify({kind: 'timeout'})}\n`);
	process.exit(2);
}, 10_000);
source.start((event) => {
	if (event.type !== 'docker-status' || event.status.kind === 'connecting') return;
	const status: DockerStatus = event.status;
	void source.stop().then(() => {
		clearTimeout(deadline);
		process.stdout.write(`${JSON.stringify(status)}\n`);
	});
});
