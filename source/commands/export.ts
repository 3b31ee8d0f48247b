import {existsSync} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {DDC_CONTAINER_METRICS} from '../core/container-file-target.js';
import type {DetailRequest} from '../core/detail/detail-json.js';
import {dockerHostFlagError} from '../core/docker-host.js';
import {errorCode} from '../core/error-code.js';
import {EXPORT_FORMATS, type ExportFormat, renderExport} from '../core/export-render.js';
import {parseFilter} from '../core/filter.js';
import {WINDOWS, type WindowName} from '../core/latency-windows.js';
import {resolveMetricsPath} from '../core/metrics-path.js';
import {sanitize} from '../core/sanitize.js';
import {unknownOperationText} from '../detail-from-file.js';
import {documentFromFile} from '../document-from-file.js';
import {ExportTargetError} from '../effects/export-target.js';
import {ExportExistsError, resolveExportTarget, writeExportFile} from '../effects/write-export.js';
import {nonRegularFileProblem} from '../sources/regular-file.js';
import {type FlagSpec, parseArgs, UsageError} from './args.js';
import {describeError, missingMetricsHint} from './describe-error.js';
import {readDetailFlags} from './detail-args.js';
import {type CommandIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE} from './io.js';

const HELP = `Usage: ddc-top export [options]

Writes a snapshot of the operation statistics: DDC's export format (exported_at, operation_filter,
statistics) plus ddc-top's extras (p99.9, HDR histograms, source, containers, host).

Options
  --out FILE           where to write (default: ddc-top-snapshot-YYYYMMDD-HHMMSS.<format> here;
                       a directory gets the default name inside it; - writes to stdout)
  --format FORMAT      json | csv | md (default: from --out's extension, else json)
  --window WINDOW      1h | 24h | all (default: 24h, like DDC's get_stats)
  --filter TEXT        operations containing TEXT (case-insensitive); /regex/ for a regular expression
  --force              overwrite an existing regular file (never a device, FIFO, socket, directory,
                       link, nor the metrics file, its backups or its lock)
  --with-metadata      include recent failures with their metadata (secrets redacted)
  --metrics PATH       the metrics file (default: ./data/metrics/performance_metrics.jsonl if it exists, else $DDC_METRICS_FILE)
  --container NAME|ID  read it inside this container through the Docker API (or $DDC_CONTAINER); --metrics is
                       then the path inside it (default /app/data/metrics/performance_metrics.jsonl)
  --no-docker          leave containers out (they are sampled twice, like docker stats --no-stream)
  --docker-host URL    Docker endpoint (default: $DOCKER_HOST, else the local socket)
  --op NAME            add one operation's detail: percentiles, distribution, timeline, errors,
                       containers, recent calls (JSON: ddc_top.detail; CSV and Markdown: more tables)
  --recent N           with --op: how many recent calls (default 20, at most 1000)
  --from, --to TIME    with --op: only calls that ended in this range instead of the window; epoch
                       seconds or ISO time (2026-11-30T14:00, local unless it ends in Z or +01:00)

Rows are in the live view's default order (slowest p95 first; containers busiest first). CSV and
Markdown carry the containers and host as tables of their own after the operations.
The file is created with mode 0600. Prints the path written.
Error texts and container names in the detail are redacted as --with-metadata's are.
Exit codes: 0 written, 1 failed or --op names no operation of the file (nothing written),
2 usage error or a refused --out (nothing written)
`;

const FLAGS: Record<string, FlagSpec> = {
	out: {type: 'string', shortFlag: 'o'},
	format: {type: 'string'},
	window: {type: 'string'},
	filter: {type: 'string'},
	force: {type: 'boolean'},
	withMetadata: {type: 'boolean'},
	metrics: {type: 'string'},
	container: {type: 'string'},
	docker: {type: 'boolean', default: true},
	dockerHost: {type: 'string'},
	op: {type: 'string'},
	recent: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h'},
};

interface ExportArgs {
	out?: string;
	format: ExportFormat;
	/** Says which format was written when --out's name does not say it. */
	formatNote?: string;
	window: WindowName;
	filter: string | null;
	force: boolean;
	withMetadata: boolean;
	metrics?: string;
	/** --container / DDC_CONTAINER: the file is inside this container (issue #15). */
	container?: string;
	docker: boolean;
	dockerHost?: string;
	detail?: DetailRequest;
}

function oneOf<T extends string>(flag: string, value: unknown, choices: readonly T[]): T | undefined {
	if (value === undefined) return undefined;
	if (!choices.includes(value as T)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')} (got ${String(value)})`);
	return value as T;
}

function formatFromName(out: string | undefined): ExportFormat | undefined {
	const ext = out === undefined ? '' : path.extname(out).slice(1).toLowerCase();
	if (ext === 'markdown') return 'md';
	return EXPORT_FORMATS.includes(ext as ExportFormat) ? (ext as ExportFormat) : undefined;
}

const FORMAT_NAMES: Record<ExportFormat, string> = {json: 'JSON', csv: 'CSV', md: 'Markdown'};

/** One line when --out names a file whose extension is not the format written; else undefined. */
function formatNote(out: string | undefined, format: ExportFormat): string | undefined {
	if (out === undefined || out === '-' || out.endsWith('/') || out.endsWith(path.sep)) return undefined;
	if (formatFromName(out) === format) return undefined;
	const ext = path.extname(out);
	const why = ext === '' ? 'the name has no extension' : `${ext} is not json, csv or md`;
	return formatFromName(out) === undefined
		? `wrote ${FORMAT_NAMES[format]} (${why}; --format chooses)`
		: `wrote ${FORMAT_NAMES[format]} as --format says, though the name ends in ${ext}`;
}

/** `--out -` means stdout; the parser would take a lone '-' for an argument, so it is joined to its flag. */
function joinStdoutValue(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--') return [...out, ...argv.slice(i)];
		if ((argv[i] === '--out' || argv[i] === '-o') && argv[i + 1] === '-') {
			out.push(`${argv[i]}=-`);
			i++;
		} else {
			out.push(argv[i]);
		}
	}
	return out;
}

function readArgs(argv: string[]): ExportArgs | 'help' {
	const {flags, input} = parseArgs(joinStdoutValue(argv), import.meta, FLAGS);
	if (flags.help) return 'help';
	if (input.length > 0) throw new UsageError(`unexpected argument ${input[0]}`);
	const out = flags.out as string | undefined;
	if (out === '') throw new UsageError('--out needs a file name');
	const filter = (flags.filter as string | undefined) ?? null;
	if (filter) {
		const parsed = parseFilter(filter);
		if (!parsed.ok) throw new UsageError(`--filter: ${parsed.error}`);
	}
	const hostError = dockerHostFlagError(flags.dockerHost as string | undefined);
	if (hostError) throw new UsageError(hostError);
	const format = oneOf('format', flags.format, EXPORT_FORMATS) ?? formatFromName(out) ?? 'json';
	const detail = readDetailFlags({
		op: flags.op as string | undefined,
		recent: flags.recent as string | undefined,
		from: flags.from as string | undefined,
		to: flags.to as string | undefined,
	});
	return {
		out,
		format,
		formatNote: formatNote(out, format),
		window: oneOf('window', flags.window, WINDOWS) ?? '24h',
		filter: filter === '' ? null : filter,
		force: flags.force === true,
		withMetadata: flags.withMetadata === true,
		metrics: flags.metrics as string | undefined,
		container: flags.container as string | undefined,
		docker: flags.docker !== false,
		dockerHost: flags.dockerHost as string | undefined,
		...(detail && {detail}),
	};
}

/** `ddc-top export ...`: returns the exit code; every message goes to `io`. */
export async function exportCommand(argv: string[], io: CommandIo): Promise<number> {
	let args: ExportArgs | 'help';
	try {
		args = readArgs(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`ddc-top export: ${error.message} (see ddc-top export --help)\n`);
		return EXIT_USAGE;
	}
	if (args === 'help') {
		io.stdout.write(HELP);
		return EXIT_OK;
	}
	const container = (args.container ?? io.env.DDC_CONTAINER ?? '').trim();
	if (container) return exportFromContainer(args, io, container);
	const file = resolveMetricsPath({flag: args.metrics, env: io.env, cwd: io.cwd, exists: existsSync}).path;
	return exportFile(args, io, file);
}

/**
 * Issue #15: the file inside a container, copied once through the Docker API to a temporary file and
 * exported from there; the document names the path inside the container and the container.
 */
async function exportFromContainer(args: ExportArgs, io: CommandIo, container: string): Promise<number> {
	const {prepareOnceFile} = await import('../sources/container-file-wiring.js');
	const path = args.metrics || DDC_CONTAINER_METRICS;
	const target = await prepareOnceFile({
		metricsPath: path,
		container: {name: container},
		docker: true,
		dockerHost: args.dockerHost || io.env.DOCKER_HOST,
	});
	if (!target.ok || target.notRecording) {
		io.stderr.write(`ddc-top export: ${sanitize(target.ok ? (target.notRecording ?? '') : target.message)}; nothing written\n`);
		return EXIT_FAILED;
	}
	try {
		return await exportFile(args, io, target.path, {path, container});
	} finally {
		await target.remove();
	}
}

async function exportFile(args: ExportArgs, io: CommandIo, file: string, shown?: {path: string; container: string}): Promise<number> {
	// Only a regular file is read: a FIFO would block, /dev/zero never ends.
	const notRegular = await nonRegularFileProblem(file);
	if (notRegular) {
		io.stderr.write(`ddc-top export: ${notRegular}; nothing written\n`);
		return EXIT_USAGE;
	}
	const at = new Date(io.now());
	const result = await documentFromFile(
		file,
		{window: args.window, filter: args.filter, at, withMetadata: args.withMetadata, version: io.version},
		async () => {
			const sampled = await io.collectExtra?.({docker: args.docker, dockerHost: args.dockerHost});
			// Only --once --json writes `docker_status`; export's document has no such key.
			return sampled && {containers: sampled.containers, host: sampled.host};
		},
		args.detail,
	);
	if (!result.ok && result.problem === 'read') {
		const code = errorCode(result.error);
		io.stderr.write(`ddc-top export: ${code === 'ENOENT' ? missingMetricsHint(file) : describeError(result.error, file)}\n`);
		return EXIT_FAILED;
	}
	if (!result.ok && result.problem === 'unknown-operation') {
		io.stderr.write(`ddc-top export: ${unknownOperationText(args.detail!.operation, file)}; nothing written\n`);
		return EXIT_FAILED;
	}
	if (!result.ok) {
		io.stderr.write(`ddc-top export: --filter: ${result.error}\n`);
		return EXIT_USAGE;
	}
	if (result.extrasProblem) {
		// Containers and host are extras: the statistics are still worth writing without them.
		io.stderr.write(`ddc-top export: warning: containers/host left out (${describeError(result.extrasProblem.error)})\n`);
	}
	if (shown) Object.assign(result.doc.ddc_top.source, shown);
	const content = renderExport(result.doc, args.format);
	if (args.out === '-') {
		io.stdout.write(content);
		return EXIT_OK;
	}
	const target = await resolveExportTarget(args.out, io.cwd, args.format, at);
	try {
		await writeExportFile(target, content, {force: args.force, metricsPath: file});
		io.stdout.write(`${target}\n`);
		if (args.formatNote && !(await isDirectory(args.out, io.cwd))) io.stderr.write(`ddc-top export: ${args.formatNote}\n`);
		return EXIT_OK;
	} catch (error) {
		io.stderr.write(`ddc-top export: ${sanitize(describeWriteError(error, target))}; nothing written\n`);
		// A target export refuses to write over (a device, FIFO, directory, the metrics file...) is a usage
		// problem, as a --metrics that is not a regular file is: exit 2, not a failure to write.
		return error instanceof ExportTargetError ? EXIT_USAGE : EXIT_FAILED;
	}
}

/** Errors name the target (or its directory), not the temp file they happened on. */
function describeWriteError(error: unknown, target: string): string {
	if (error instanceof ExportExistsError || error instanceof ExportTargetError) return error.message;
	const code = errorCode(error);
	if (code === 'ENOENT') return `no such directory: ${path.dirname(target)}`;
	if (code === 'EISDIR') return `is a directory: ${target}`;
	return describeError({...(error as object), path: path.dirname(target), message: (error as Error).message}, target);
}

async function isDirectory(out: string | undefined, cwd: string): Promise<boolean> {
	if (out === undefined) return false;
	try {
		return (await stat(path.resolve(cwd, out))).isDirectory();
	} catch {
		return false;
	}
}
