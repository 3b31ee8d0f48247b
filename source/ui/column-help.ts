// What each column, colour and mark of the dashboard means (issue #14 §1b), as data for the help overlay.
// Beside the tables' column lists in spirit: the titles here are the tables' own, and a test renders both
// tables at their widest and checks that every title they show is explained here.

/** One explained thing: a column's title (or a colour, a mark) and what it says. */
export interface HelpEntry {
	label: string;
	text: string;
}

/** A block of the help overlay under its heading. */
export interface HelpSection {
	heading: string;
	entries: readonly HelpEntry[];
}

/** The operations table, in its column order (operations-table.ts); several percentiles share one entry. */
export const OPERATION_COLUMNS: readonly HelpEntry[] = [
	{label: 'OPERATION', text: "DDC's operation name, cut in the middle when long (the end tells similar names apart)"},
	{label: 'CALLS', text: 'calls that ended in the window (w: 1h, 24h, all of the file)'},
	{label: 'OK%', text: 'successful calls / calls in the window'},
	{label: 'FAIL', text: 'failed calls in the window'},
	{
		label: 'SLO',
		text:
			'the operation against its thresholds: ✓ ok, ~ near (at 80 % of a limit or more; for a success-rate floor, ' +
			'80 % of the failures it allows), ✗ breach (over a limit, under a floor); blank when no threshold names it. ' +
			"The worst check decides. Thresholds: --slo FILE, else DDC's ./pytest.ini [performance:thresholds] (the " +
			"header then says SLO: pytest.ini), else DDC's documented values (config_load max 1 s, docker_* success 95 %...)",
	},
	{label: 'MIN', text: "the window's fastest call (wide terminals)"},
	{
		label: 'P50 P95 P99 P99.9',
		text:
			"the duration below which 50 / 95 / 99 / 99.9 % of the window's calls finished, as DDC computes it " +
			'(linear between ranks): exact up to 8,192 calls, beyond that from an HDR histogram of 3 significant ' +
			'digits (within 0.1 %)',
	},
	{
		label: 'ΔP95 ΔP50 ΔP99',
		text:
			'with --baseline only: the change against the baseline export (P50, P99 where there is room); after ΔP95 the ' +
			'verdict: ↑ slower, ↓ faster (a change of at least --regression %, default 10, that is also significant at ' +
			'95 % by a Mann-Whitney U test on the two histograms), = no significant change, ? too few calls (under 50 a side)',
	},
	{label: 'AVG MAX', text: "the window's mean duration and its slowest call"},
	{label: 'RATE/m', text: "calls per minute now: the last 5 minutes' calls / 5, the same in every window"},
	{
		label: 'AVG/m',
		text: "the window's calls / its minutes (all: since the file's first call); beside RATE/m it tells whether traffic rose or fell",
	},
	{label: 'LAST', text: "how long ago the operation's newest call ended (wide terminals)"},
];

/** The containers table, in its column order (containers-table.ts): the figures `docker stats` shows. */
export const CONTAINER_COLUMNS: readonly HelpEntry[] = [
	{label: 'NAME', text: 'the container; unhealthy or starting is said in words after it'},
	{
		label: 'CPU %',
		text: 'as docker stats: 100 % is one core fully busy, so 4 busy cores read 400 %; a container not running shows its state here',
	},
	{
		label: 'MEM USAGE / LIMIT',
		text: "memory in use without the page cache (as docker stats) / the container's limit, or the host's memory",
	},
	{label: 'MEM %', text: 'MEM USAGE / LIMIT as a percent, as docker stats (wide terminals)'},
	{
		label: 'GROWTH',
		text:
			'memory growth in MB per minute over the last 10 minutes (wide terminals), a Theil-Sen fit with a 95 % interval ' +
			"so a garbage collector's sawtooth is not growth: ~ watch (from 5 M/m), ✗ a likely leak (over 10 M/m, or over " +
			"DDC's 50 MB since ddc-top started); the interval's low end is compared. Blank until a minute is sampled",
	},
	{
		label: 'sparklines',
		text:
			'CPU after CPU %, memory after MEM USAGE: the last samples, one per refresh, oldest on the left (more on ' +
			"wider terminals). Their header names what a full block is: 0-100% one core; 0-limit the container's " +
			'CPU or memory limit; 0-256M (for example) one memory scale shared by the containers without a limit; ' +
			'0-limit/100% or lim/256M when rows of both kinds are shown',
	},
	{label: 'NET I/O', text: 'bytes received / sent since the container started'},
	{label: 'BLOCK I/O', text: 'bytes read / written on block devices since the container started'},
	{label: 'PIDS', text: 'processes and threads in the container'},
];

/** Colours and marks, across both tables and the header. */
export const COLOURS_AND_MARKS: readonly HelpEntry[] = [
	{
		label: 'yellow',
		text: 'slower than the target bands: P50 over 200 ms, P95 over 500 ms, P99 or P99.9 over 1 s; SLO near; GROWTH watch',
	},
	{label: 'red', text: 'failures: FAIL above 0, OK% under 99 %; SLO breach; Δ slower than the baseline; GROWTH a likely leak'},
	{label: 'cyan Δ', text: 'faster than the baseline'},
	{label: 'name colours', text: 'container name red when unhealthy, yellow while its health check is starting'},
	{label: 'red MEM', text: "at 90 % of the container's limit or more"},
	{label: 'dimmed row', text: 'a container with no fresh sample (stale): its figures show as --'},
	{
		label: '◆ DDC',
		text:
			"DDC's own container (the one --container names, else one named ddc or of DDC's image): ◆ before its name, and " +
			"its line under the containers title: health, uptime, restarts (Docker's count, plus every start ddc-top saw), " +
			"OOM kills, memory against DDC's documented bands: normal up to 180 MiB (about 150-180 is usual), yellow above " +
			'normal, red over 300 MiB (investigate) or at 90 % of its limit; red "not running" when it stopped or is gone',
	},
	{label: 'bar', text: 'the selected row of the focused table (▶ in its title); Enter opens an operation'},
	{label: '12-24 of 40', text: 'the table scrolls: rows 12 to 24 of 40 are shown, "… 16 more" are below'},
	{label: 'PAUSED', text: 'the display is paused (p resumes): the figures and the clock are of that moment'},
];

export const COLUMN_HELP: readonly HelpSection[] = [
	{heading: 'Operations', entries: OPERATION_COLUMNS},
	{heading: 'Containers', entries: CONTAINER_COLUMNS},
	{heading: 'Colours and marks', entries: COLOURS_AND_MARKS},
];
