import type {FlagSpec} from './commands/known-flags.js';
import {MAX_INTERVAL_MS, MIN_INTERVAL_MS} from './config.js';
import {cliKeysHelp} from './ui/key-hints.js';

// The command line's definition, apart from its parsing (cli.tsx): --help, --version and an unknown flag are
// answered from this alone, before anything that draws, samples or talks to Docker is loaded.

/** The key hints, from the key table (no import of its own), in two lines no wider than the options above. */
const KEYS = cliKeysHelp(100 - 4)
	.map((line) => `    ${line}`)
	.join('\n');

export const HELP = `
  Usage
    $ ddc-top [options]              live view of DDC's operations, containers and host
    $ ddc-top cleanup --days N ...   remove old lines from the metrics file (see: ddc-top cleanup --help)
    $ ddc-top export [--out FILE]    write a snapshot as json, csv or md (see: ddc-top export --help)
    $ ddc-top serve [--listen ADDR]  headless Prometheus exporter (see: ddc-top serve --help)
    $ ddc-top check [--slo FILE]     pass/fail for CI: thresholds, baseline, memory (see: ddc-top check --help)

  Options
    --metrics PATH      DDC's performance_metrics.jsonl. Default: data/metrics/performance_metrics.jsonl
                        under the current directory if it exists, else $DDC_METRICS_FILE, else the file
                        inside a running container named ddc (or of DDC's image)
    --container NAME|ID read the metrics file inside this container through the Docker API (or $DDC_CONTAINER);
                        --metrics then names the path inside it (default /app/data/metrics/performance_metrics.jsonl)
    --window 1h|24h|all statistics window to start with (default 24h, as DDC's get_stats)
    --filter TEXT       operation filter: case-insensitive text, or /regex/
    --interval MS       refresh interval in milliseconds (default 1000, ${MIN_INTERVAL_MS}..${MAX_INTERVAL_MS})
    --no-docker         no containers panel
    --docker-host URL   Docker endpoint (unix://, tcp://, ssh://); default $DOCKER_HOST, else the local socket
    --poll              poll the file instead of inotify (NFS/CIFS, Docker Desktop mounts; or CHOKIDAR_USEPOLLING=1)
    --once              print the statistics once as plain text and exit (the default when stdout is not a terminal)
    --json              with --once: one JSON document with DDC's export keys plus a ddc_top object
    --op NAME           with --once: one operation's detail (percentiles, distribution, timeline, errors,
                        containers, recent calls) as text, or with --json under ddc_top.detail
    --recent N          with --op: how many recent calls to list (default 20, at most 1000)
    --from, --to TIME   with --op: only calls that ended in this range instead of the window; epoch
                        seconds or ISO time (2026-11-30T14:00, local unless it ends in Z or +01:00)
    --slo FILE          thresholds for the SLO column: DDC's pytest.ini or a ddc-top SLO file (as ddc-top check);
                        default ./pytest.ini when it has DDC's [performance:thresholds], else DDC's documented values
    --baseline FILE     an earlier ddc-top export JSON: the Δ columns compare p50/p95/p99 with it
    --regression PCT    the smallest change called slower or faster (default 10; also significant at 95 %)
    --demo              tail a built-in writer of realistic DDC lines in a temporary file
    --listen ADDR       also serve Prometheus metrics on ADDR (HOST:PORT, e.g. 127.0.0.1:9464), as ddc-top serve
    --listen-token-file FILE  with --listen: requests must carry "Authorization: Bearer <the file's token>"
    --no-color          no colors (NO_COLOR is honoured too)
    --help, --version

  Keys
${KEYS}

  Exit codes: 0 ok, 1 failed, 2 usage (bad flag or value, unreadable file)
`;

export const FLAGS: Record<string, FlagSpec> = {
	metrics: {type: 'string'},
	container: {type: 'string'},
	window: {type: 'string'},
	filter: {type: 'string'},
	interval: {type: 'string'},
	docker: {type: 'boolean', default: true},
	dockerHost: {type: 'string'},
	poll: {type: 'boolean'},
	once: {type: 'boolean'},
	json: {type: 'boolean'},
	op: {type: 'string'},
	recent: {type: 'string'},
	from: {type: 'string'},
	to: {type: 'string'},
	demo: {type: 'boolean'},
	listen: {type: 'string'},
	listenTokenFile: {type: 'string'},
	slo: {type: 'string'},
	baseline: {type: 'string'},
	regression: {type: 'string'},
	// Accepted here; the bin settles colors (FORCE_COLOR) before anything that draws is loaded.
	color: {type: 'boolean', default: true},
	help: {type: 'boolean', shortFlag: 'h'},
	version: {type: 'boolean'},
};
