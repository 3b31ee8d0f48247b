// Runs the real live session with a source that throws asynchronously after the first frame, to check
// that an uncaught error restores the terminal and prints a short message.
import {startApp} from '../../source/app.js';
import type {Config} from '../../source/config.js';

const config: Config = {
	metricsPath: '/nonexistent/ddc-top-crash.jsonl',
	window: '24h',
	filter: '',
	intervalMs: 200,
	docker: false,
	poll: false,
	demo: false,
	once: false,
	json: false,
};
const code = await startApp({
	config,
	clock: Date.now,
	version: 'crash-test',
	stdout: process.stdout,
	stdin: process.stdin,
	stderr: process.stderr,
	sources: [
		{
			start: () => {
				// A library's warning while the screen is ours, then a crash.
				setTimeout(() => process.emitWarning('a warning from some library'), 300);
				setTimeout(() => {
					throw new Error('boom from a source');
				}, 800);
			},
			stop: async () => {},
		},
	],
});
process.exit(code);
