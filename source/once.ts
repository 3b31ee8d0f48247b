import type {Config} from './config.js';
import {exportExtras} from './core/export-extras.js';
import {buildSnapshot} from './core/snapshot.js';
import type {Sort} from './core/operations-view.js';
import {renderJson} from './core/export-render.js';
import {sanitize} from './core/sanitize.js';
import {parseFilter} from './core/filter.js';
import {MetricsIngest} from './core/ingest.js';
import {rejectReasonText, type RejectReason} from './core/metrics-line.js';
import {selectOperations} from './core/operations-view.js';
import {renderContainersText, renderHostText, renderOperationsText} from './terminal-output/plain-table.js';
import {checkMetricsFile, metricsFileProblem} from './once-file.js';
import {ingestWholeFile} from './sources/read-file.js';
import type {Clock} from './core/clock.js';
import type {ContainerSample, DockerStatus, HostSample} from './core/samples.js';

export interface OnceDeps {
	config: Config;
	clock: Clock;
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	/** Two samples per container, as `docker stats --no-stream` (undefined with --no-docker). */
	collectContainers?: () => Promise<{status: DockerStatus; containers: ContainerSample[]}>;
	readHost?: () => Promise<HostSample>;
}

/** `--once` lists operations by name, in text and JSON alike. */
const BY_NAME: Sort = {key: 'operation', descending: false};

/** `--once`: read the whole file, sample Docker and the host once, print text or JSON, exit. */
export async function runOnce(deps: OnceDeps): Promise<number> {
	const {config, clock} = deps;
	const ingest = new MetricsIngest();
	// A missing file fails at once: Docker and the host are sampled only for a file that is there.
	const missing = await checkMetricsFile(config.metricsPath);
	if (missing) {
		deps.stderr.write(missing);
		return 2;
	}
	const hostPromise = deps.readHost?.().catch(() => undefined);
	const dockerPromise = deps.collectContainers?.();
	try {
		await ingestWholeFile(config.metricsPath, ingest, clock() / 1000);
	} catch (error) {
		await Promise.allSettled([hostPromise, dockerPromise]);
		deps.stderr.write(metricsFileProblem(config.metricsPath, error));
		return 2;
	}
	const filter = parseFilter(config.filter);
	const rows = selectOperations(ingest.stats.summaries(config.window), {
		filter,
		failuresOnly: false,
		sort: BY_NAME,
		hideEmpty: true,
	});
	const [host, docker] = await Promise.all([hostPromise, dockerPromise]);
	const unavailable = docker && docker.status.kind === 'unavailable' ? docker.status.message : undefined;
	if (config.json) {
		const built = buildSnapshot({
			ingest,
			window: config.window,
			filter: config.filter || null,
			path: config.metricsPath,
			at: new Date(clock()),
			withMetadata: false,
			extra: exportExtras({containers: docker?.containers, dockerStatus: docker?.status, host}),
			sort: BY_NAME,
			histograms: false,
			hideEmpty: true,
		});
		if (!built.ok) {
			deps.stderr.write(`ddc-top: --filter: ${built.error}\n`);
			return 2;
		}
		deps.stdout.write(renderJson(built.doc));
		return 0;
	}
	const title =
		`ddc-top · ${sanitize(config.metricsPath)} · window ${config.window}` +
		(config.filter ? ` · filter ${sanitize(config.filter)}` : '') +
		` · ${ingest.linesRead} lines, ${ingest.linesRejected} rejected`;
	let text = renderOperationsText(rows, title);
	if (ingest.linesRejected > 0) {
		const reasons = [...ingest.rejectReasons].map(([reason, n]) => `${reasonText(reason)} ${n}`).join(', ');
		text += `rejected lines: ${reasons}\n`;
	}
	if (host) text += '\n' + renderHostText(host);
	if (docker) text += '\n' + renderContainersText(docker.containers, unavailable);
	deps.stdout.write(text);
	return 0;
}

function reasonText(reason: RejectReason | 'operation-limit'): string {
	return reason === 'operation-limit' ? 'past the 1,000-operation limit' : rejectReasonText[reason];
}
