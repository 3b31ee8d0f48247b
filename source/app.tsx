import type {Config} from './config.js';
import type {Clock} from './core/clock.js';
import {containerFileLabel, lookedAt} from './core/container-file-target.js';
import {isInterested} from './core/container-interest.js';
import {containerDetailHistory} from './sources/container-file-wiring.js';
import {fileDetailHistory} from './sources/detail-history.js';
import type {Source} from './sources/source.js';
import {containerInterest} from './state/container-detail.js';
import {createStore, type Store} from './state/store.js';
import {captureStderr} from './stderr-capture.js';
import {createFrameWriter} from './terminal-output/frame-writer.js';
import {enterTerminal, type TerminalSession} from './terminal-output/terminal.js';
import {trackTerminalSize} from './terminal-output/terminal-size.js';
import {startTicker} from './tick.js';
import type {InkRootProps} from './ui/InkRoot.js';
import {dispatchKey, needsOverlay} from './ui/key-dispatch.js';
import {type KeyReader, startKeyReader} from './ui/key-reader.js';
import {createScreen} from './ui/screen.js';

export interface AppDeps {
	config: Config;
	clock: Clock;
	sources: Source[];
	version: string;
	stdout: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	stderr: NodeJS.WriteStream;
	/** Builds the menu wiring (cleanup/export) with Ink, at the first key that opens an overlay: it may load its modules then. */
	menu?: (store: Store, config: Config) => InkRootProps['menu'] | Promise<InkRootProps['menu']>;
	/** Given the store once it exists, for outputs beside the screen (the Prometheus exporter of --listen). */
	onStore?: (store: Store) => void;
	/** Called once everything is released. */
	onStopped?: () => Promise<void>;
}

/**
 * Starts the live view: sources -> store.ingest (cheap) -> a tick publishes a snapshot -> the frame writer draws.
 * Resolves with the exit code once the operator quits or a signal ends it; the terminal is restored on
 * every path (quit, SIGINT, SIGTERM, SIGQUIT, SIGHUP from a dropped SSH session, an uncaught error).
 */
export function startApp(deps: AppDeps): Promise<number> {
	const {config, clock, sources, stdout} = deps;
	const store = createStore({
		clock,
		// Issue #15: a container's file is named "<path> in container <name>" on the status line.
		metricsPath: config.container ? containerFileLabel(config.metricsPath, config.container.name) : config.metricsPath,
		looked: lookedAt(config),
		ui: {window: config.window, filter: config.filter},
		dockerEnabled: config.docker,
		judge: config.judge,
		ddcContainer: config.container?.name,
		// An operation's detail reads the file's past again when it opens (the tail keeps only the tables).
		detailHistory: config.container ? containerDetailHistory(config) : fileDetailHistory(config.metricsPath),
	});
	deps.onStore?.(store);
	const session: TerminalSession = enterTerminal(stdout);
	const stderrHeld = captureStderr(deps.stderr, (text) => store.ingest({type: 'notice', text}));
	const size = trackTerminalSize(stdout);
	// Ink, React and Ink's layout engine (about 45 MB and half a second to load) only draw the help and the
	// menu: they are loaded at the first key that opens one, so a view that is only watched, or driven with
	// keys that change the dashboard alone (q, Ctrl-C, Tab, w, s, the filter), never holds them, and those
	// keys answer at once. The key that opens an overlay waits for the load once; Ink then reads it.
	const frames = createFrameWriter(stdout, {size});
	// The screen is laid out once per snapshot (a tick or a key) and size; the dashboard's lines and the
	// overlay's place go to the frame writer together. Ink only draws overlays, from the same layout.
	const screen = createScreen(store, size, {version: deps.version, dockerEnabled: config.docker});
	const unsubscribe = screen.subscribe(() => {
		const {lines, overlayOrigin} = screen.current();
		frames.setBase(lines, overlayOrigin);
	});
	for (const source of sources) source.start(store.ingest);
	// What the view wants of the Docker source beyond the running containers (`a`, a container's logs), told at
	// each publish; the source acts only when it changed.
	const interested = sources.filter(isInterested);
	const offInterest = store.subscribe(() => {
		const want = containerInterest(store.getSnapshot().ui);
		for (const source of interested) source.want(want);
	});
	// The first frame has what the sources had at once (the host sample measured since start-up), not
	// only what the first refresh brings, which is a whole --interval away.
	store.publish();
	const ticker = startTicker({sources, publish: store.publish, intervalMs: config.intervalMs});

	let instance: import('./ui/mount-ink-root.js').MountedInkRoot | undefined;
	let keys: KeyReader | undefined;
	return new Promise<number>((resolve) => {
		let stopping = false;
		const stop = async (code: number, message?: string) => {
			if (stopping) return;
			stopping = true;
			ticker.stop();
			keys?.stop();
			unsubscribe();
			offInterest();
			try {
				frames.dispose();
				size.dispose();
				instance?.unmount();
				session.restore();
				const held = stderrHeld.restore();
				if (held) deps.stderr.write(held.endsWith('\n') ? held : `${held}\n`);
				if (message) deps.stderr.write(`${message}\n`);
			} catch {
				// The terminal is gone (a dropped SSH session): nothing left to restore, the cleanup below still runs.
			}
			try {
				await Promise.allSettled(sources.map((s) => s.stop()));
				await deps.onStopped?.();
			} finally {
				// Only now: while a listener of ours is on a signal, Ink's signal-exit does not re-raise it, which
				// would kill the process before the sources are closed and the demo's temp directory is removed.
				for (const signal of SIGNALS) process.off(signal, onSignal);
				process.off('uncaughtException', onError);
				process.off('unhandledRejection', onError);
				resolve(code);
			}
		};
		const onSignal = (signal: NodeJS.Signals) => {
			const code = signal === 'SIGINT' ? 0 : 128 + (SIGNAL_NUMBERS[signal] ?? 1);
			// A second signal while cleaning up (a stuck source): the operator insists, exit now.
			if (stopping) resolve(code);
			else void stop(code);
		};
		const onError = (error: unknown) =>
			void stop(1, `ddc-top: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
		for (const signal of SIGNALS) process.on(signal, onSignal);
		process.on('uncaughtException', onError);
		process.on('unhandledRejection', onError);

		const quit = () => void stop(0);
		const loadOverlay = () => {
			Promise.all([import('./ui/mount-ink-root.js'), deps.menu?.(store, config)]).then(([loaded, menu]) => {
				if (stopping) return;
				// The keys not handled yet go back to stdin first: Ink reads them as if typed now. Ink is mounted
				// a turn later: a stream notices that its last 'readable' listener is gone only on the next tick,
				// and until then a new listener (Ink's) is not told about what is already buffered.
				keys?.handOver();
				setImmediate(() => {
					if (stopping) return;
					instance = loaded.mountInkRoot(
						{store, screen, stdout: frames.stdout, onQuit: quit, menu},
						{stdin: deps.stdin, stderr: deps.stderr},
					);
				});
			}, onError);
		};
		// Until Ink takes over, the terminal is in raw mode as Ink sets it: a key is neither echoed nor held
		// back until Enter, and Ctrl-C is a key (0x03), not a signal.
		if (deps.stdin.isTTY) deps.stdin.setRawMode(true);
		keys = startKeyReader(deps.stdin, {
			needsOverlay: (input, key) => needsOverlay(store, input, key),
			key: (input, key) => dispatchKey(store, {quit}, input, key),
			overlayWanted: loadOverlay,
			interrupt: quit,
		});
	});
}

// SIGQUIT too (kill -QUIT): left to Node, it ends the process with the terminal unrestored.
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGQUIT: 3};
