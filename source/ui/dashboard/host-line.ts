import {fit} from '../../core/format.js';
import {formatMemBytes} from '../../core/format-bytes.js';
import type {HostSample} from '../../core/samples.js';
import {sparkline} from '../../core/sparkline.js';
import {paint} from '../../terminal-output/paint.js';

/** One line of host context: is the machine itself busy, short of memory, or overloaded? */
export function hostLine(host: HostSample, width: number, cpuSeries?: readonly number[]): string {
	const memPct = host.memTotalBytes > 0 ? (host.memUsedBytes / host.memTotalBytes) * 100 : 0;
	const cpu = `CPU ${host.cpuPercent.toFixed(1)}%`;
	const spark = cpuSeries && width >= 100 ? ` ${sparkline(cpuSeries, 10, {max: 100})}` : '';
	const mem = `MEM ${formatMemBytes(host.memUsedBytes)} / ${formatMemBytes(host.memTotalBytes)} (${memPct.toFixed(1)}%)`;
	const load = `LOAD ${host.load1.toFixed(2)} ${host.load5.toFixed(2)} ${host.load15.toFixed(2)}`;
	const busy = host.cpuPercent >= 90 || memPct >= 90;
	return paint(fit(`  Host  ${cpu}${spark}  ${mem}  ${load}`, width), busy ? {color: 'yellow'} : undefined);
}
