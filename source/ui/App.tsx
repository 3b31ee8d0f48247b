import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {useSyncExternalStore} from 'react';
import type {Snapshot, Store} from '../state/store.js';
import {sanitize} from '../core/sanitize.js';
import {ContainersTable} from './components/ContainersTable.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {HostLine} from './components/HostLine.js';
import {MenuOverlay} from './menu/MenuOverlay.js';
import {OperationsTable} from './components/OperationsTable.js';
import {StatusLine} from './components/StatusLine.js';
import {useKeymap, type KeymapHandlers} from './use-keymap.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 12;

export interface AppProps {
	store: Store;
	columns: number;
	rows: number;
	version: string;
	dockerEnabled: boolean;
	onQuit(): void;
	/** The menu's keys and effects (cleanup, export); without it `m` does nothing. */
	menu?: Pick<KeymapHandlers, 'menuKey' | 'openMenu'>;
}

const pad2 = (n: number) => n.toString().padStart(2, '0');
const clock = (ms: number) => {
	const d = new Date(ms);
	return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
};

const WINDOW_WORDS = {'1h': 'the last hour', '24h': 'the last 24 hours', all: 'the file'} as const;

/** Why the operations table is empty, in words that say what to do. */
export function emptyText(snap: Snapshot): string {
	const {file} = snap;
	switch (file.state.kind) {
		case 'waiting':
			return `waiting for ${sanitize(file.path)} to appear (set --metrics or DDC_METRICS_FILE; try ddc-top --demo)`;
		case 'reading':
			return 'reading the metrics file…';
		case 'error':
			return sanitize(file.state.message);
		default:
			return file.linesRead === 0 ? 'no calls yet: the file is empty' : `no calls in ${WINDOW_WORDS[snap.ui.window]} (w changes the window)`;
	}
}

/**
 * Lines for the two tables: each gets what it needs when both fit (spare lines go below the containers,
 * so the tables stay together); otherwise containers get at most 45 %, and both show "… N more".
 * `containerRows` -1 means no containers panel.
 */
export function splitBody(body: number, opRows: number, containerRows: number): {opsLines: number; containerLines: number} {
	if (containerRows < 0) return {opsLines: body, containerLines: 0};
	const opsNeed = Math.max(3, opRows + 2);
	const containerNeed = Math.max(4, containerRows + 2);
	if (opsNeed + containerNeed <= body) return {opsLines: opsNeed, containerLines: body - opsNeed};
	const containerLines = Math.min(containerNeed, Math.max(4, Math.floor(body * 0.45)));
	return {opsLines: body - containerLines, containerLines};
}

/**
 * The only component that reads the store; everything below gets props. The root is one line shorter
 * than the terminal: Ink 6.8 clears the whole screen on every frame as tall as the terminal (REFERENCE §4).
 */
export function App({store, columns, rows, version, dockerEnabled, onQuit, menu}: AppProps) {
	const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
	useKeymap(store, {quit: onQuit, menuKey: menu?.menuKey, openMenu: menu?.openMenu});
	const height = rows - 1;
	const width = columns;
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return <Text wrap="truncate">{`terminal too small: ${columns}x${rows}, ddc-top needs ${MIN_COLUMNS}x${MIN_ROWS}`}</Text>;
	}
	const {ui} = snap;
	const showHost = snap.host !== undefined;
	const body = height - 3 - (showHost ? 1 : 0);
	const {opsLines, containerLines} = splitBody(body, snap.operations.rows.length, dockerEnabled ? snap.containers.rows.length : -1);
	const focusedError = ui.focus === 'operations' ? snap.operations.filterError : snap.containers.filterError;
	let main: ReactNode;
	if (ui.mode.kind === 'help') main = <HelpOverlay width={width} height={body} />;
	else {
		main = (
			<>
				<OperationsTable
					rows={snap.operations.rows}
					total={snap.operations.total}
					sort={ui.sort}
					width={width}
					height={opsLines}
					focused={dockerEnabled && ui.focus === 'operations'}
					windowLabel={ui.window}
					emptyText={emptyText(snap)}
				/>
				{dockerEnabled && (
					<ContainersTable
						rows={snap.containers.rows}
						total={snap.containers.total}
						status={snap.containers.status}
						sort={ui.containerSort}
						width={width}
						height={containerLines}
						focused={ui.focus === 'containers'}
					/>
				)}
				{/* Drawn over the tables, which keep updating behind it. */}
				{ui.mode.kind === 'menu' && <MenuOverlay menu={ui.mode.menu} width={width} />}
			</>
		);
	}
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Header ui={ui} version={version} time={clock(snap.now)} width={width} />
			{showHost && <HostLine host={snap.host!} width={width} cpuSeries={snap.hostCpu} />}
			{main}
			<StatusLine file={snap.file} now={snap.now} width={width} />
			<Footer mode={ui.mode} focus={ui.focus} filterError={focusedError} width={width} />
		</Box>
	);
}
