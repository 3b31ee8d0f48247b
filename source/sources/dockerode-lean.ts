/**
 * Imported for its side effect, before dockerode (docker-client.ts): stubs in the CommonJS require cache
 * keep two module trees that ddc-top does not need from loading with dockerode.
 * - dockerode's lib/session.js (BuildKit sessions, used only for image builds, which ddc-top never does)
 *   pulls in @grpc/grpc-js, @grpc/proto-loader and protobufjs: ~7 MB of RSS. Its stub throws.
 * - docker-modem's lib/ssh.js pulls in ssh2 (~13 MB of RSS) at load. ddc-top opens ssh:// hosts itself
 *   (ssh-connection.ts, one shared connection) and never asks docker-modem for SSH; the stub would load the
 *   real module only if it did.
 * A bundle that inlines dockerode (scripts/bundle.mjs, the tests' probe bundles) cannot resolve it: nothing is
 * stubbed then; scripts/bundle.mjs replaces those two modules itself.
 */
import {createRequire, Module} from 'node:module';

/** A require from dockerode's own folder, or undefined inside a bundle that has dockerode inlined (nothing to stub). */
function requireFromDockerode(): NodeJS.Require | undefined {
	try {
		return createRequire(createRequire(import.meta.url).resolve('dockerode'));
	} catch {
		return undefined;
	}
}

const fromDockerode = requireFromDockerode();

function stub(request: string, exports: (path: string, from: NodeJS.Require) => unknown): void {
	if (!fromDockerode) return;
	const path = fromDockerode.resolve(request);
	if (fromDockerode.cache[path]) return; // dockerode was loaded already: too late, and harmless
	const module = new Module(path);
	module.filename = path;
	module.loaded = true;
	module.exports = exports(path, fromDockerode);
	fromDockerode.cache[path] = module;
}

stub(
	'./session.js',
	() =>
		function withSession(): never {
			throw new Error('BuildKit sessions are not supported by ddc-top');
		},
);

stub('docker-modem/lib/ssh.js', (path, from) => {
	let real: ((options: unknown) => unknown) | undefined;
	return function ssh(options: unknown): unknown {
		if (!real) {
			// Drop the stub so require() reads the real file; docker-modem keeps calling this function.
			delete from.cache[path];
			real = from(path) as (options: unknown) => unknown;
		}
		return real(options);
	};
});
