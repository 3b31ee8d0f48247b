/**
 * `ddc-top check` (issue #16 §4): judges the metrics file against thresholds and a baseline, and with
 * --duration the containers' memory growth; one finding per operation or container evaluated, a summary,
 * exit 0 when everything passes, 1 when anything breaches, regressed or leaks, 2 on a usage error.
 */
import {constants, existsSync} from 'node:fs';
import {access} from 'node:fs/promises';
import {errorCode} from '../core/error-code.js';
import {bucketsOf} from '../core/judge/buckets.js';
import {judgeOperations} from '../core/judge/evaluate.js';
import {checkReport, type Finding, memoryFinding} from '../core/judge/findings.js';
import {memoryGrowth} from '../core/judge/memory-growth.js';
import {renderReport} from '../core/judge/report.js';
import {resolveMetricsPath} from '../core/metrics-path.js';
import {sanitize} from '../core/sanitize.js';
import {readStatistics} from '../document-from-file.js';
import {nonRegularFileProblem} from '../sources/regular-file.js';
import {UsageError} from './args.js';
import {readCheckArgs} from './check-args.js';
import {loadBaseline, loadThresholds} from './check-inputs.js';
import {type MemorySampling, type SampleMemory, sampleMemory} from './check-memory.js';
import {describeError, missingMetricsHint} from './describe-error.js';
import {type CommandIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE} from './io.js';

export const CHECK_HELP = `Usage: ddc-top check [options]

Judges DDC's operations the way its CI would: against thresholds, against a baseline export, and (with
--duration) the containers' memory growth. Prints one line per operation or container evaluated, then a
summary.

Options
  --slo FILE           thresholds: DDC's pytest.ini ([performance:thresholds]) or a ddc-top SLO file
                       ([ddc-top:slo], lines like "config_load p95 = 800ms", "docker_* success_rate = 99%").
                       Default: ./pytest.ini when it has DDC's section, else DDC's documented values
  --baseline FILE      an earlier ddc-top export JSON: p50/p95/p99 and success rate compared per operation
  --regression PCT     the smallest change called slower or faster (default 10); it must also be
                       significant at 95 % (Mann-Whitney U on the histograms)
  --window WINDOW      1h | 24h | all (default: 24h, like DDC's get_stats)
  --duration TIME      sample the containers' memory this long (90s, 2m, 1h) and judge its growth
  --format FORMAT      text | json | github (workflow annotations) (default: text)
  --metrics PATH       the metrics file (default: ./data/metrics/performance_metrics.jsonl if it exists, else $DDC_METRICS_FILE)
  --no-docker          no containers (cannot be combined with --duration)
  --docker-host URL    Docker endpoint (default: $DOCKER_HOST, else the local socket)

Verdicts: thresholds ok | near (>= 80 % of the limit) | breach; baseline slower | faster |
no significant change | too few calls (under 50 calls a side); memory ok | watch (5-10 MB/min) |
leak (> 10 MB/min, or more than DDC's 50 MB since the start of the run).
Exit codes: 0 all pass (near and watch are warnings), 1 a breach, a slower operation or a leak,
2 usage error (bad flag, unreadable or bad --slo / --baseline, no metrics file and no --duration)
`;

export interface CheckDeps {
	/** Containers' memory over --duration; the real Docker source unless a test passes a fake. */
	sampleMemory?: SampleMemory;
}

/** `ddc-top check ...`: returns the exit code; everything is written to `io`. */
export async function checkCommand(argv: string[], io: CommandIo, deps: CheckDeps = {}): Promise<number> {
	const usage = (message: string) => {
		io.stderr.write(`ddc-top check: ${message} (see ddc-top check --help)\n`);
		return EXIT_USAGE;
	};
	let args: ReturnType<typeof readCheckArgs>;
	try {
		args = readCheckArgs(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		return usage(error.message);
	}
	if (args === 'help') {
		io.stdout.write(CHECK_HELP);
		return EXIT_OK;
	}
	const [thresholds, baseline] = await Promise.all([
		loadThresholds(args.slo, io.cwd),
		args.baseline === undefined ? undefined : loadBaseline(args.baseline, io.cwd),
	]);
	if (!thresholds.ok) return usage(thresholds.problem);
	if (baseline && !baseline.ok) return usage(baseline.problem);
	const file = resolveMetricsPath({flag: args.metrics, env: io.env, cwd: io.cwd, exists: existsSync}).path;
	const notRegular = await nonRegularFileProblem(file);
	if (notRegular) return usage(notRegular);
	// Before --duration's wait: a file that is there but cannot be read fails now, not minutes later.
	const unreadable = await access(file, constants.R_OK).then(
		() => undefined,
		(error: unknown) => (errorCode(error) === 'ENOENT' ? undefined : error),
	);
	if (unreadable) return usage(describeError(unreadable, file));
	const notes = [`thresholds: ${thresholds.value.origin}`, ...thresholds.value.skipped.map((s) => `not applied: ${s}`)];
	const baseWindow = baseline?.ok ? baseline.value.window : undefined;
	if (baseWindow && baseWindow !== args.window) notes.push(`the baseline covers window ${baseWindow}, this check ${args.window}`);
	if (baseline?.value.undecodable.length) notes.push(`baseline histograms unreadable for ${baseline.value.undecodable.join(', ')}`);

	// Memory first: the file is read once, after the sampling, so its window includes the run sampled.
	let sampled: MemorySampling | undefined;
	if (args.durationMs > 0) {
		sampled = await (deps.sampleMemory ?? sampleMemory)({dockerHost: args.dockerHost, durationMs: args.durationMs, clock: io.now});
		if (sampled.containers.length === 0) {
			const why = sampled.status?.kind === 'unavailable' ? sampled.status.message : 'no running container was sampled';
			notes.push(`memory not judged: ${why}`);
		}
	}
	const findings: Finding[] = [];
	const read = await readStatistics(file, new Date(io.now()));
	if (read.ok) {
		const {stats} = read.ingest;
		const summaries = stats.summaries(args.window).sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
		const operations = summaries.map((s) => {
			// Histograms only for a baseline comparison: the thresholds need the summary alone.
			const h = baseline?.ok ? stats.histogram(s.operation, args.window) : undefined;
			return {...s, ...(h && {buckets: bucketsOf(h)})};
		});
		findings.push(
			...judgeOperations(operations, {rules: thresholds.value.rules, baseline: baseline?.value, minEffectPct: args.minEffectPct}),
		);
		// A check that judged nothing passes: say so, a CI log should not read it as all good.
		if (!operations.some((o) => o.calls > 0)) notes.push(`no operation had calls in window ${args.window}`);
	} else if (errorCode(read.error) === 'ENOENT' && sampled) {
		notes.push(`operations not judged: ${missingMetricsHint(file)}`);
	} else {
		const code = errorCode(read.error);
		return usage(code === 'ENOENT' ? missingMetricsHint(file) : describeError(read.error, file));
	}
	for (const c of sampled?.containers ?? []) {
		const growth = memoryGrowth(c.samples, {limitBytes: c.limitBytes, leakThresholdMb: thresholds.value.leakThresholdMb, sinceStart: true});
		findings.push(memoryFinding(c.name, growth));
	}
	const report = checkReport(findings);
	// JSON stays one document: its notes go to stderr.
	if (args.format === 'json') for (const note of notes) io.stderr.write(`ddc-top check: note: ${sanitize(note)}\n`);
	io.stdout.write(renderReport(report, args.format, notes));
	return report.passed ? EXIT_OK : EXIT_FAILED;
}
