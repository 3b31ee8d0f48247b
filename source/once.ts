import type {Config} from './config.js';
import type {Clock} from './core/clock.js';
import {type ExtrasInput, inDefaultOrder} from './core/export-extras.js';
import {renderJson} from './core/export-render.js';
import {parseFilter} from './core/filter.js';
import {type RejectReason, rejectReasonText} from './core/metrics-line.js';
import type {Sort} from './core/operations-view.js';
import {selectOperations} from './core/operations-view.js';
import {sanitize} from './core/sanitize.js';
import {detailFromFile, unknownOperationText} from './detail-from-file.js';
import {documentFromFile, readStatistics} from './document-from-file.js';
import {checkMetricsFile, metricsFileProblem} from './once-file.js';
import {judgementJson, judgementText, onceFindings} from './once-judge.js';
import {renderDetailText} from './terminal-output/plain-detail.js';
import {renderContainersText, renderHostText, renderOperationsText} from './terminal-output/plain-table.js';

export interface OnceDeps {
	config: Config;
	clock: Clock;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/**
	 * The host, and with Docker two samples per container as `docker stats --no-stream` takes them with its
	 * status (containers undefined with --no-docker). Never rejects.
	 */
	collectExtras?: () => Promise<ExtrasInput>;
}

/** `--once` lists operations by name, in text and JSON alike. */
const BY_NAME: Sort = {key: 'operation', descending: false};

/** `--once`: read the whole file, sample Docker and the host once, print text or JSON, exit. */
export async function runOnce(deps: OnceDeps): Promise<number> {
	if (!deps.config.container && !deps.config.metricsDefault) return runOnceOn(deps);
	// Issue #15: the file inside a container (read once into a temporary copy), or nothing said and nothing
	// found: the line that says DDC is not recording metrics, and empty statistics (exit 0).
	const {prepareOnceFile} = await import('./sources/container-file-wiring.js');
	const target = await prepareOnceFile(deps.config);
	if (!target.ok) {
		deps.stderr.write(`ddc-top: ${sanitize(target.message)}\n`);
		return 2;
	}
	if (target.notRecording) deps.stderr.write(`ddc-top: ${target.notRecording}\n`);
	const shown = {
		label: target.label,
		container: target.container,
		path: deps.config.metricsPath,
		notRecording: target.notRecording !== undefined,
	};
	try {
		return await runOnceOn({...deps, config: {...deps.config, metricsPath: target.path}}, shown);
	} finally {
		await target.remove();
	}
}

/** How the file read is named when it is a copy (of a container's file): in the title and in ddc_top.source. */
interface Shown {
	label: string;
	container?: string;
	/** The path inside the container. */
	path: string;
	/** Nothing was found where ddc-top looked: the copy read is empty (issue #15 §2). */
	notRecording?: boolean;
}

async function runOnceOn(deps: OnceDeps, shown?: Shown): Promise<number> {
	const {config, clock} = deps;
	// A missing file fails at once: Docker and the host are sampled only for a file that is there.
	const missing = await checkMetricsFile(config.metricsPath);
	if (missing) {
		deps.stderr.write(missing);
		return 2;
	}
	// The text detail of one operation has no containers or host: nothing to sample.
	if (config.detail && !config.json) return onceDetailText(deps);
	// Sampled while the file is read: Docker's two readings take about a second.
	const sampling = deps.collectExtras?.();
	const unreadable = async (error: unknown) => {
		await sampling?.catch(() => undefined);
		deps.stderr.write(metricsFileProblem(config.metricsPath, error));
		return 2;
	};
	const at = new Date(clock());
	if (config.json) {
		const options = {
			window: config.window,
			filter: config.filter || null,
			at,
			withMetadata: false,
			sort: BY_NAME,
			histograms: false,
			hideEmpty: true,
			// Issue #15 §2: ddc_top.source.state and last_line_age_s (the file was read to its end, or was not found).
			tail: shown?.notRecording ? ({kind: 'waiting'} as const) : ({kind: 'following'} as const),
		};
		const result = await documentFromFile(config.metricsPath, options, async () => sampling, config.detail);
		if (!result.ok && result.problem === 'read') return unreadable(result.error);
		if (!result.ok && result.problem === 'unknown-operation') {
			await sampling?.catch(() => undefined);
			deps.stderr.write(`ddc-top: ${unknownOperationText(config.detail!.operation, config.metricsPath)}\n`);
			return 1;
		}
		if (!result.ok) {
			deps.stderr.write(`ddc-top: --filter: ${result.error}\n`);
			return 2;
		}
		let doc = result.doc;
		if (config.judge) {
			const rows = selectOperations(result.ingest.stats.summaries(config.window), {
				filter: parseFilter(config.filter),
				failuresOnly: false,
				sort: BY_NAME,
				hideEmpty: true,
			});
			const judgement = judgementJson(onceFindings(rows, result.ingest, config.window, config.judge), config.judge);
			doc = {...doc, ddc_top: {...doc.ddc_top, judgement}};
		}
		// The path looked at, never the temporary copy (of a container's file, or the empty one when nothing was found).
		if (shown) Object.assign(doc.ddc_top.source, {path: shown.path, ...(shown.container && {container: shown.container})});
		deps.stdout.write(renderJson(doc));
		return 0;
	}
	const read = await readStatistics(config.metricsPath, at);
	if (!read.ok) return unreadable(read.error);
	const {ingest} = read;
	const rows = selectOperations(ingest.stats.summaries(config.window), {
		filter: parseFilter(config.filter),
		failuresOnly: false,
		sort: BY_NAME,
		hideEmpty: true,
	});
	const extras = await sampling;
	const status = extras?.dockerStatus;
	const title =
		`ddc-top · ${sanitize(shown?.label ?? config.metricsPath)} · window ${config.window}` +
		(config.filter ? ` · filter ${sanitize(config.filter)}` : '') +
		` · ${ingest.linesRead} lines, ${ingest.linesRejected} rejected`;
	let text = renderOperationsText(rows, title);
	if (ingest.linesRejected > 0) {
		const reasons = [...ingest.rejectReasons].map(([reason, n]) => `${reasonText(reason)} ${n}`).join(', ');
		text += `rejected lines: ${reasons}\n`;
	}
	if (config.judge) text += judgementText(onceFindings(rows, ingest, config.window, config.judge), config.judge);
	if (extras?.host) text += `\n${renderHostText(extras.host)}`;
	const unavailable = status?.kind === 'unavailable' ? status.message : undefined;
	// The same order as the export documents: the live view's default.
	if (extras?.containers) text += `\n${renderContainersText(inDefaultOrder(extras.containers), unavailable)}`;
	deps.stdout.write(text);
	return 0;
}

/** `--once --op NAME` without --json: the operation's detail as plain text. */
async function onceDetailText(deps: OnceDeps): Promise<number> {
	const {config} = deps;
	const request = config.detail!;
	const read = await detailFromFile(config.metricsPath, request, config.window, new Date(deps.clock()));
	if (!read.ok && read.problem === 'read') {
		deps.stderr.write(metricsFileProblem(config.metricsPath, read.error));
		return 2;
	}
	if (!read.ok) {
		deps.stderr.write(`ddc-top: ${unknownOperationText(request.operation, config.metricsPath)}\n`);
		return 1;
	}
	const title = `ddc-top · ${sanitize(config.metricsPath)} · ${read.linesRead} lines, ${read.linesRejected} rejected`;
	deps.stdout.write(renderDetailText(read.detail, title));
	return 0;
}

function reasonText(reason: RejectReason | 'operation-limit'): string {
	return reason === 'operation-limit' ? 'past the 1,000-operation limit' : rejectReasonText[reason];
}
