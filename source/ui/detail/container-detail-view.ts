import type {ContainerDetails} from '../../core/container-details.js';
import {oomKillsText, restartsOf} from '../../core/ddc-container.js';
import {formatCpuPercent} from '../../core/docker-math.js';
import {fit, fitMiddle, formatAge, formatCount, formatDuration} from '../../core/format.js';
import {formatIoBytes, formatMemBytes} from '../../core/format-bytes.js';
import {formatClockTime, localTime} from '../../core/local-time.js';
import {sanitize} from '../../core/sanitize.js';
import type {ContainerDetailSnapshot} from '../../state/container-detail.js';
import type {Snapshot} from '../../state/store.js';
import {paint} from '../../terminal-output/paint.js';
import type {Layout} from '../dashboard/dashboard.js';
import {statusLine} from '../dashboard/status-line.js';
import {footerHints} from '../key-hints.js';
import {chartSection} from './container-detail-charts.js';
import type {Section} from './detail-sections.js';
import {growthLines} from './judge-lines.js';

// The container detail (issue #14 §3), drawn like the operation detail: a pure function of the snapshot and
// the size, one string per line. Figures first (state, CPU, memory, I/O rates and totals, PIDs, inspect's
// facts), then CPU and memory over the last 10 minutes, the operations that name it, and its logs on `l`.

const when = (ms: number, now: number) => (now - ms < 86_400_000 ? formatClockTime(ms) : localTime(ms / 1000).slice(0, 16));

function titleLine(snap: Snapshot, d: ContainerDetailSnapshot, version: string, width: number): string {
	const name = sanitize(d.row?.sample.name ?? d.name);
	const state = d.row ? sanitize(d.row.sample.state) : 'gone';
	const health = d.row?.sample.health ?? d.row?.details?.health;
	const parts = [`ddc-top ${version}`, `container ${name}`, health ? `${state} (${sanitize(health)})` : state];
	if (snap.ui.paused) parts.push('paused');
	const left = parts.join(' · ');
	const time = formatClockTime(snap.now);
	const gap = Math.max(1, width - Array.from(left).length - time.length);
	return paint(fit(left + ' '.repeat(gap) + time, width), {bold: true});
}

function coresText(cores: number): string {
	return `${Number(cores.toFixed(2))} core${cores === 1 ? '' : 's'}`;
}

/** Joins parts with ` · ` into lines of at most `width` columns. */
function flow(parts: readonly string[], width: number): string[] {
	const lines: string[] = [];
	for (const part of parts) {
		const last = lines.length - 1;
		if (last >= 0 && Array.from(lines[last]).length + 3 + Array.from(part).length <= width) lines[last] += ` · ${part}`;
		else lines.push(part);
	}
	return lines.map((l) => fit(l, width));
}

function factsText(x: ContainerDetails | undefined, now: number): string[] {
	if (x === undefined) return ['inspecting…'];
	const facts = [`image ${sanitize(x.image) || '?'}`];
	if (x.startedAt !== undefined) facts.push(`started ${when(x.startedAt, now)} (${formatAge(now - x.startedAt)} ago)`);
	if (x.finishedAt !== undefined) facts.push(`stopped ${when(x.finishedAt, now)}${x.exitCode === undefined ? '' : `, exit ${x.exitCode}`}`);
	facts.push(`restarts ${formatCount(restartsOf(x))}`, `OOM kills ${oomKillsText(x)}`);
	if (x.health) facts.push(`health ${sanitize(x.health)}`);
	return facts;
}

function figureLines(d: ContainerDetailSnapshot, now: number, width: number): string[] {
	const row = d.row;
	if (row === undefined)
		return [paint(fit('the container is gone (removed, or stopped while a is off): nothing more to show', width), {color: 'yellow'})];
	const s = row.sample;
	const known = !row.pending && !row.stale;
	const limit = row.details?.cpuLimitCores;
	const cpu = known ? formatCpuPercent(s.cpuPercent) : '--';
	const mem = known ? `${formatMemBytes(s.memUsedBytes)} / ${formatMemBytes(s.memLimitBytes)} (${s.memPercent.toFixed(1)}%)` : '--';
	const rate = (v: number | undefined) => (known && v !== undefined ? `${formatIoBytes(v)}/s` : '--');
	const parts = [
		`CPU ${cpu}${limit === undefined ? ' (100% = 1 core)' : ` of ${coresText(limit)}`}`,
		`mem ${mem}`,
		`PIDs ${known ? formatCount(s.pids) : '--'}`,
		`net rx ${rate(d.rates?.netRx)} tx ${rate(d.rates?.netTx)} (total ${formatIoBytes(s.netRxBytes)} / ${formatIoBytes(s.netTxBytes)})`,
		`block read ${rate(d.rates?.blockRead)} write ${rate(d.rates?.blockWrite)} (total ${formatIoBytes(s.blockReadBytes)} / ${formatIoBytes(s.blockWriteBytes)})`,
		...factsText(row.details, now),
	];
	return flow(parts, width);
}

function lastOf(values: readonly (number | null)[]): number | undefined {
	for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i] as number;
	return undefined;
}

function charts(d: ContainerDetailSnapshot, width: number, rows: number): Section[] {
	const h = d.history;
	if (h === undefined) return [];
	const cores = d.row?.details?.cpuLimitCores;
	const cpuTop = (cores ?? 1) * 100;
	const memLimit = d.row?.sample.memLimitBytes ?? 0;
	const memTop = memLimit > 0 ? memLimit : Math.max(1, ...h.mem.map((v) => v ?? 0));
	const cpuNow = lastOf(h.cpu);
	const memNow = lastOf(h.mem);
	return [
		chartSection(
			{
				title: `CPU % of ${cores === undefined ? 'one core' : coresText(cores)} (top = ${Number(cpuTop.toFixed(1))}%)`,
				values: h.cpu,
				top: cpuTop,
				rows,
				labels: [`${Number(cpuTop.toFixed(1))}%`],
				note: cpuNow === undefined ? '' : `${cpuNow.toFixed(1)}%`,
				width,
			},
			h.first,
		),
		chartSection(
			{
				title: `Memory ${memLimit > 0 ? `of its limit ${formatMemBytes(memLimit)}` : `(top = the most used, ${formatMemBytes(memTop)})`}`,
				values: h.mem,
				top: memTop,
				rows,
				labels: [formatMemBytes(memTop)],
				note: memNow === undefined ? '' : formatMemBytes(memNow),
				width,
			},
			h.first,
		),
	];
}

function operationsSection(d: ContainerDetailSnapshot, window: string, width: number): Section {
	const phase =
		d.phase.kind === 'reading' ? ` · reading… ${d.phase.total === 0 ? 0 : Math.floor((d.phase.done / d.phase.total) * 100)}%` : '';
	const error = d.phase.kind === 'error' ? ` · only new calls: ${sanitize(d.phase.message)}` : '';
	const nameWidth = Math.max(10, width - 2 - 3 * 11);
	const header = `  ${fit('operation', nameWidth)}${fit('calls', 11, 'right')}${fit('failures', 11, 'right')}${fit('p95', 11, 'right')}`;
	const rows = d.operations.map((r) => {
		const failures = fit(formatCount(r.failures), 11, 'right');
		return `  ${fitMiddle(sanitize(r.operation), nameWidth)}${fit(formatCount(r.calls), 11, 'right')}${r.failures > 0 ? paint(failures, {color: 'red'}) : failures}${fit(formatDuration(r.p95), 11, 'right')}`;
	});
	return {
		title: `Operations naming it in metadata.container (window ${window})${phase}${error}`,
		rows: rows.length === 0 ? [] : [paint(fit(header, width), {dim: true}), ...rows],
		empty: 'no calls name this container in this window',
	};
}

function logsSection(d: ContainerDetailSnapshot, width: number, room: number): Section {
	const logs = d.logs;
	const state = logs?.state;
	const said =
		state === undefined || state.kind === 'opening'
			? 'opening…'
			: state.kind === 'following'
				? 'following'
				: `ended: ${sanitize(state.message ?? '')}`;
	const lines = (logs?.lines ?? []).slice(-Math.max(1, room));
	return {
		title: `Logs (${said}; l hides)`,
		rows: lines.map((l) => (l.stderr ? paint(fit(l.text, width), {color: 'yellow'}) : fit(l.text, width).trimEnd())),
		empty: 'no log lines',
	};
}

function sectionLines(section: Section, rows: number, width: number): string[] {
	const lines = [paint(fit(section.title, width), {bold: true})];
	if (section.rows.length === 0) return [...lines, paint(fit(`  ${section.empty ?? ''}`, width), {dim: true})];
	const hidden = section.rows.length - rows;
	if (hidden > 0 && rows > 2)
		return [...lines, ...section.rows.slice(0, rows - 1), paint(fit(`  … ${formatCount(hidden + 1)} more`, width), {dim: true})];
	return [...lines, ...section.rows.slice(0, rows)];
}

/** The container detail screen, exactly `l.height` lines (the status line and the footer at the bottom). */
export function renderContainerDetail(snap: Snapshot, version: string, l: Layout): string[] {
	const {width, height} = l;
	const d = snap.containerDetail;
	const lines: string[] = [];
	if (d === undefined) lines.push(paint(fit(`ddc-top ${version} · container · opening…`, width), {bold: true}));
	else {
		lines.push(titleLine(snap, d, version, width), ...figureLines(d, snap.now, width));
		// Memory growth (issue #16 §3), while the container is listed.
		lines.push(...growthLines(d.row?.growth, width));
		let room = height - 2 - lines.length;
		const body: string[] = [];
		const add = (section: Section, rows: number) => {
			const gap = 1;
			if (room < gap + 2) return;
			const out = sectionLines(section, Math.min(rows, room - gap - 1), width);
			body.push('', ...out);
			room -= gap + out.length;
		};
		const logs = d.logs !== undefined;
		const ops = operationsSection(d, snap.ui.window, width);
		// The charts take the room the operations leave (each chart: a gap, its title and its axis besides its
		// rows), 2 to 6 rows high; with the logs shown, one row each, and the logs get the room.
		const opsNeed = 2 + Math.max(1, ops.rows.length);
		const chartRows = logs ? 1 : Math.max(2, Math.min(6, Math.floor((room - opsNeed - 6) / 2)));
		if (logs) {
			// The logs were asked for: on a short terminal the charts make room for them.
			if (height >= 30) for (const chart of charts(d, width, chartRows)) add(chart, chart.rows.length);
			add(ops, Math.min(3, Math.max(1, ops.rows.length)));
			add(logsSection(d, width, room - 2), room);
		} else {
			for (const chart of charts(d, width, chartRows)) add(chart, chart.rows.length);
			add(ops, room);
		}
		lines.push(...body);
	}
	while (lines.length < height - 2) lines.push('');
	lines.length = Math.max(0, height - 2);
	lines.push(
		statusLine(snap.file, snap.now, width),
		paint(fit(`Esc back  ${footerHints(width - 10, undefined, 'container')}`, width), {dim: true}),
	);
	return lines;
}
