import {Box, Text} from 'ink';
import type {ContainerSort, ContainerSortKey} from '../../core/containers-view.js';
import {fit, fitMiddle} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {DockerStatus} from '../../sources/source.js';
import type {ContainerRow} from '../../state/containers.js';
import {layoutColumns, type ColumnSpec} from '../columns.js';
import {containerCell, containerColor, type ContainerColumnKey} from './container-cells.js';

/** Wide terminals get 10-sample sparklines; at 80 columns 5 leave room for NET I/O. */
function sparkWidth(width: number): number {
	return width >= 120 ? 10 : 5;
}

function columnSpecs(width: number): Array<ColumnSpec<ContainerColumnKey>> {
	const spark = sparkWidth(width);
	// Dropped first when narrow: BLOCK I/O, then NET I/O, then the memory sparkline.
	return [
		{key: 'name', title: 'NAME', width: 12, align: 'left', priority: 0, flex: true, maxWidth: 32},
		{key: 'cpu', title: 'CPU %', width: 7, align: 'right', priority: 0},
		{key: 'cpuSpark', title: '', width: spark, align: 'left', priority: 1},
		{key: 'mem', title: 'MEM USAGE / LIMIT', width: 19, align: 'right', priority: 0},
		{key: 'memSpark', title: '', width: spark, align: 'left', priority: 2},
		{key: 'net', title: 'NET I/O', width: 17, align: 'right', priority: 3},
		{key: 'block', title: 'BLOCK I/O', width: 17, align: 'right', priority: 4},
		{key: 'pids', title: 'PIDS', width: 5, align: 'right', priority: 1},
	];
}

const SORTED_COLUMN: Record<ContainerSortKey, ContainerColumnKey> = {
	name: 'name',
	cpu: 'cpu',
	mem: 'mem',
	net: 'net',
	block: 'block',
	pids: 'pids',
};

function statusText(status: DockerStatus): string | undefined {
	switch (status.kind) {
		case 'disabled':
			return 'Docker panel disabled';
		case 'connecting':
			return `connecting to Docker${status.endpoint ? ` at ${sanitize(status.endpoint)}` : ''}…`;
		case 'unavailable':
			return `${sanitize(status.message)} · retrying`;
		default:
			return undefined;
	}
}

export interface ContainersTableProps {
	/** Already filtered and sorted (store: selectContainers). */
	rows: readonly ContainerRow[];
	/** Containers before the filter, to say how many it hides. */
	total: number;
	status: DockerStatus;
	sort: ContainerSort;
	width: number;
	/** Lines available, title and header included. */
	height: number;
	focused: boolean;
}

/** Running containers like `docker stats`, with CPU and memory sparklines; columns drop when narrow. */
export function ContainersTable({rows, total, status, sort, width, height, focused}: ContainersTableProps) {
	const columns = layoutColumns(columnSpecs(width), width);
	const problem = statusText(status);
	const bodyLines = Math.max(0, height - 2);
	const overflow = rows.length > bodyLines;
	const visible = problem ? [] : rows.slice(0, overflow ? Math.max(0, bodyLines - 1) : bodyLines);
	const arrow = sort.descending ? '▼' : '▲';
	const sorted = SORTED_COLUMN[sort.key];
	const header = columns.map(c => fit(c.key === sorted ? `${c.title}${arrow}` : c.title, c.width, c.align)).join(' ');
	const shown = rows.length === total ? `${total}` : `${rows.length} of ${total}`;
	let empty: string | undefined;
	if (problem) empty = problem;
	else if (total === 0) empty = 'No running containers';
	else if (rows.length === 0) empty = 'no container matches';
	return (
		<Box flexDirection="column" height={height}>
			<Text bold color={focused ? 'cyan' : undefined} wrap="truncate">
				{fit(`${focused ? '▶' : ' '} Containers (${shown})`, width)}
			</Text>
			<Text inverse wrap="truncate">
				{fit(header, width)}
			</Text>
			{visible.map(row => (
				<Text key={row.sample.id} wrap="truncate" dimColor={row.stale}>
					{columns.map((c, i) => (
						<Text key={c.key} color={containerColor(row, c.key)}>
							{(i === 0 ? '' : ' ') + (c.key === 'name' ? fitMiddle(containerCell(row, c.key, c.width), c.width) : fit(containerCell(row, c.key, c.width), c.width, c.align))}
						</Text>
					))}
				</Text>
			))}
			{!problem && overflow && <Text dimColor>{fit(`… ${rows.length - visible.length} more (filter with /)`, width)}</Text>}
			{empty && (
				// Wrapped, not cut: the end of a status message is the part that says what to do.
				<Text wrap="wrap" color={status.kind === 'unavailable' ? 'yellow' : undefined} dimColor={status.kind !== 'unavailable'}>
					{`  ${empty}`}
				</Text>
			)}
		</Box>
	);
}
