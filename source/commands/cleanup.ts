import {existsSync} from 'node:fs';
import {parseDays} from '../core/cleanup-rule.js';
import {containerCleanupRefusal} from '../core/container-file-target.js';
import {errorCode} from '../core/error-code.js';
import {formatExactCount} from '../core/format.js';
import {resolveMetricsPath} from '../core/metrics-path.js';
import {sanitize} from '../core/sanitize.js';
import {previewLeftovers, runCleanup, sweepLeftovers} from '../effects/cleanup.js';
import {CleanupLockedError} from '../effects/cleanup-lock.js';
import {type CleanupPlan, planCleanup} from '../effects/cleanup-plan.js';
import {nonRegularFileProblem} from '../sources/regular-file.js';
import {type FlagSpec, parseArgs, UsageError} from './args.js';
import {previewText, summaryText} from './cleanup-text.js';
import {confirm} from './confirm.js';
import {describeError, missingMetricsHint} from './describe-error.js';
import {type CommandIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE} from './io.js';

const HELP = `Usage: ddc-top cleanup --days N [options]

Removes lines older than N days from DDC's metrics file, like DDC's cleanup_old_metrics(days),
but keeps every line DDC appends while it runs, keeps unreadable lines, and keeps a backup.

Options
  --days N          remove lines whose end_time is more than N days old (required; 0.5 is half a day,
                    0 removes every line)
  --dry-run         show what would be removed (lines, and what an interrupted cleanup left); change nothing
  --yes, -y         do not ask for confirmation (needed when stdin is not a terminal)
  --no-backup       do not keep <file>.bak-YYYYMMDD-HHMMSS
  --drop-invalid    also remove lines that cannot be read (blank lines are left as they are)
  --metrics PATH    the metrics file (default: ./data/metrics/performance_metrics.jsonl if it exists, else $DDC_METRICS_FILE)
  --container NAME  (or $DDC_CONTAINER) refused: a file inside a container is not rewritten from outside;
                    the refusal says what to run instead

Exit codes: 0 done (or nothing to do), 1 failed or declined (file unchanged), 2 usage error
`;

const FLAGS: Record<string, FlagSpec> = {
	days: {type: 'string'},
	dryRun: {type: 'boolean'},
	yes: {type: 'boolean', shortFlag: 'y'},
	backup: {type: 'boolean', default: true},
	dropInvalid: {type: 'boolean'},
	metrics: {type: 'string'},
	container: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h'},
};

interface CleanupArgs {
	days: number;
	dryRun: boolean;
	yes: boolean;
	backup: boolean;
	dropInvalid: boolean;
	metrics?: string;
	container?: string;
}

function readArgs(argv: string[]): CleanupArgs | 'help' {
	const {flags, input} = parseArgs(argv, import.meta, FLAGS);
	if (flags.help) return 'help';
	if (input.length > 0) throw new UsageError(`unexpected argument ${input[0]}`);
	if (flags.days === undefined) throw new UsageError('--days N is required (DDC itself keeps 30 days)');
	if (flags.days === '') throw new UsageError('--days needs a value');
	const days = parseDays(String(flags.days));
	if (!days.ok) throw new UsageError(`--days: ${days.error}`);
	return {
		days: days.days,
		dryRun: flags.dryRun === true,
		yes: flags.yes === true,
		backup: flags.backup !== false,
		dropInvalid: flags.dropInvalid === true,
		metrics: flags.metrics as string | undefined,
		container: flags.container as string | undefined,
	};
}

/** `ddc-top cleanup ...`: returns the exit code; every message goes to `io`. */
export async function cleanupCommand(argv: string[], io: CommandIo): Promise<number> {
	let args: CleanupArgs | 'help';
	try {
		args = readArgs(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`ddc-top cleanup: ${error.message} (see ddc-top cleanup --help)\n`);
		return EXIT_USAGE;
	}
	if (args === 'help') {
		io.stdout.write(HELP);
		return EXIT_OK;
	}
	// Issue #15: the lock, the atomic replace and the backup all live beside a local file; through the Docker
	// API they would not hold against DDC writing inside the container. Refused, never a partial rewrite.
	const container = (args.container ?? io.env.DDC_CONTAINER ?? '').trim();
	if (container) {
		io.stderr.write(`ddc-top cleanup: ${containerCleanupRefusal(container, args.days)}\n`);
		return EXIT_FAILED;
	}
	const file = resolveMetricsPath({flag: args.metrics, env: io.env, cwd: io.cwd, exists: existsSync}).path;
	// Only a regular file is read or replaced: a FIFO would block, /dev/zero never ends.
	const notRegular = await nonRegularFileProblem(file);
	if (notRegular) {
		io.stderr.write(`ddc-top cleanup: ${notRegular}; nothing changed\n`);
		return EXIT_USAGE;
	}
	let plan: CleanupPlan;
	try {
		plan = await planCleanup(file, {days: args.days, now: io.now, dropInvalid: args.dropInvalid});
	} catch (error) {
		const code = errorCode(error);
		io.stderr.write(`ddc-top cleanup: ${code === 'ENOENT' ? missingMetricsHint(file) : describeError(error, file)}\n`);
		return EXIT_FAILED;
	}
	io.stdout.write(previewText(plan, args.days, args.backup));
	if (args.dryRun) {
		await writeLeftoverPreview(plan.path, io);
		return EXIT_OK;
	}
	if (plan.remove === 0) {
		// No line to remove, but what an interrupted run left would block or confuse the next: it goes anyway.
		let swept: string[];
		try {
			swept = await sweepLeftovers(plan.path, io.now);
		} catch (error) {
			io.stderr.write(`ddc-top cleanup: ${describeError(error, plan.path)}; the metrics file is unchanged\n`);
			return EXIT_FAILED;
		}
		io.stdout.write('Nothing to remove.\n');
		if (swept.length > 0) io.stdout.write(leftoversLine('Removed: ', swept));
		return EXIT_OK;
	}
	if (!args.yes) {
		if (!io.stdin.isTTY) {
			io.stderr.write('ddc-top cleanup: refusing to change the file without --yes (no terminal to ask); nothing changed\n');
			return EXIT_USAGE;
		}
		if (!(await confirm(`Remove ${formatExactCount(plan.remove)} lines?`, io.stdin, io.stdout))) {
			io.stdout.write('Cancelled; nothing changed.\n');
			return EXIT_FAILED;
		}
	}
	try {
		const summary = await runCleanup(plan.path, {
			days: args.days,
			now: io.now,
			backup: args.backup,
			dropInvalid: args.dropInvalid,
		});
		io.stdout.write(summaryText(summary));
		if (summary.warning) io.stderr.write(`ddc-top cleanup: warning: ${summary.warning}\n`);
		if (summary.drainTimedOut) {
			const where = summary.backup?.kind === 'link' ? `are in the backup ${summary.backup.path}` : 'may be missing';
			io.stderr.write(`ddc-top cleanup: warning: a program kept writing to the old file; its latest lines ${where}\n`);
		}
		return EXIT_OK;
	} catch (error) {
		const message = error instanceof CleanupLockedError ? error.message : describeError(error, plan.path);
		io.stderr.write(`ddc-top cleanup: ${message}; nothing changed\n`);
		return EXIT_FAILED;
	}
}

function leftoversLine(label: string, names: string[]): string {
	return `${label}${names.map((n) => sanitize(n)).join(', ')} (left by an interrupted cleanup)\n`;
}

/** --dry-run names what a real run would also remove, and removes nothing. */
async function writeLeftoverPreview(file: string, io: CommandIo): Promise<void> {
	try {
		const found = await previewLeftovers(file, io.now);
		if (found.heldBy !== undefined)
			io.stdout.write(`Lock:    another cleanup is running (${sanitize(found.heldBy)}); a cleanup now would be refused\n`);
		if (found.names.length > 0) io.stdout.write(leftoversLine('Also:    would remove ', found.names));
	} catch (error) {
		io.stderr.write(`ddc-top cleanup: warning: could not look for what an interrupted cleanup left (${describeError(error, file)})\n`);
	}
}
