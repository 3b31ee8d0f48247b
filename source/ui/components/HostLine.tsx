import {Text} from 'ink';
import {fit} from '../../core/format.js';
import {formatMemBytes} from '../../core/format-bytes.js';
import {sparkline} from '../../core/sparkline.js';
import type {HostSample} from '../../sources/source.js';

export interface HostLineProps {
	host: HostSample;
	width: number;
	/** Host CPU % history, oldest first; a sparkline is drawn when given and there is room. */
	cpuSeries?: readonly number[];
}

/** One line of host context: is the machine itself busy, short of memory, or overloaded? */
export function HostLine({host, width, cpuSeries}: HostLineProps) {
	const memPct = host.memTotalBytes > 0 ? (host.memUsedBytes / host.memTotalBytes) * 100 : 0;
	const cpu = `CPU ${host.cpuPercent.toFixed(1)}%`;
	const spark = cpuSeries && width >= 100 ? ` ${sparkline(cpuSeries, 10, {max: 100})}` : '';
	const mem = `MEM ${formatMemBytes(host.memUsedBytes)} / ${formatMemBytes(host.memTotalBytes)} (${memPct.toFixed(1)}%)`;
	const load = `LOAD ${host.load1.toFixed(2)} ${host.load5.toFixed(2)} ${host.load15.toFixed(2)}`;
	const busy = host.cpuPercent >= 90 || memPct >= 90;
	return (
		<Text wrap="truncate" color={busy ? 'yellow' : undefined}>
			{fit(`  Host  ${cpu}${spark}  ${mem}  ${load}`, width)}
		</Text>
	);
}
