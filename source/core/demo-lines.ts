import {formatDdcLine} from './ddc-line-writer.js';
import {logNormal} from './random.js';

/** DDC-like operations: name, median seconds, spread, share of traffic, failure rate, container-bound. */
interface DemoOperation {
	name: string;
	median: number;
	sigma: number;
	weight: number;
	failRate: number;
	container: boolean;
	errors: readonly string[];
}

export const DEMO_OPERATIONS: readonly DemoOperation[] = [
	{
		name: 'config_load',
		median: 0.045,
		sigma: 0.5,
		weight: 3,
		failRate: 0.002,
		container: false,
		errors: ['JSONDecodeError: Expecting value: line 1 column 1 (char 0)'],
	},
	{name: 'config_cached_access', median: 0.0004, sigma: 0.4, weight: 20, failRate: 0, container: false, errors: []},
	{name: 'token_encrypt', median: 0.12, sigma: 0.3, weight: 1, failRate: 0, container: false, errors: []},
	{name: 'token_decrypt', median: 0.11, sigma: 0.3, weight: 2, failRate: 0.01, container: false, errors: ['InvalidToken']},
	{
		name: 'docker_client_acquire',
		median: 0.008,
		sigma: 0.9,
		weight: 8,
		failRate: 0.003,
		container: false,
		errors: ['Docker connection pool exhausted'],
	},
	{
		name: 'docker_container_list',
		median: 0.09,
		sigma: 0.6,
		weight: 6,
		failRate: 0.005,
		container: false,
		errors: ['Read timed out. (read timeout=10)'],
	},
	{
		name: 'docker_container_status',
		median: 0.035,
		sigma: 0.7,
		weight: 12,
		failRate: 0.01,
		container: true,
		errors: ['404 Client Error: Not Found ("No such container")'],
	},
	{
		name: 'docker_container_start',
		median: 1.4,
		sigma: 0.5,
		weight: 0.5,
		failRate: 0.05,
		container: true,
		errors: ['500 Server Error: driver failed programming external connectivity'],
	},
	{
		name: 'docker_container_stop',
		median: 2.8,
		sigma: 0.6,
		weight: 0.5,
		failRate: 0.03,
		container: true,
		errors: ['Timeout stopping container'],
	},
	{
		name: 'docker_container_restart',
		median: 4.5,
		sigma: 0.5,
		weight: 0.3,
		failRate: 0.04,
		container: true,
		errors: ['Timeout stopping container'],
	},
	{
		name: 'docker_stats_fetch',
		median: 0.6,
		sigma: 0.8,
		weight: 5,
		failRate: 0.02,
		container: true,
		errors: ['Read timed out. (read timeout=5)'],
	},
	{
		name: 'discord_status_update',
		median: 0.32,
		sigma: 0.9,
		weight: 4,
		failRate: 0.015,
		container: false,
		errors: ['429 Too Many Requests (retry_after=1.2)', 'Discord gateway disconnected'],
	},
	{name: 'mech_power_calc', median: 0.00035, sigma: 0.5, weight: 6, failRate: 0, container: false, errors: []},
	{name: 'web_dashboard', median: 0.42, sigma: 0.7, weight: 1.5, failRate: 0.01, container: false, errors: ['Template rendering failed']},
	{name: 'web_api_response', median: 0.07, sigma: 0.8, weight: 4, failRate: 0.008, container: false, errors: ['500 Internal Server Error']},
];

const CONTAINERS = ['ddc', 'minecraft', 'valheim', 'nginx-proxy', 'postgres', 'plex', 'satisfactory'];

function pick(random: () => number): DemoOperation {
	const total = DEMO_OPERATIONS.reduce((sum, op) => sum + op.weight, 0);
	let r = random() * total;
	for (const op of DEMO_OPERATIONS) {
		r -= op.weight;
		if (r <= 0) return op;
	}
	return DEMO_OPERATIONS[0];
}

/** One line exactly as DDC's `json.dumps(entry) + "\n"` writes it, ending at `endTime` (epoch s). */
export function demoLine(random: () => number, endTime: number): string {
	const op = pick(random);
	// A slow tail: now and then a call takes 5-20x its median.
	const tail = random() < 0.01 ? 5 + random() * 15 : 1;
	const duration = Math.min(120, logNormal(random, op.median, op.sigma) * tail);
	const failed = random() < op.failRate;
	const metadata: Record<string, string> = {};
	if (op.container) metadata.container = CONTAINERS[Math.floor(random() * CONTAINERS.length)];
	if (failed) metadata.error = op.errors[Math.floor(random() * op.errors.length)] ?? 'unknown error';
	return formatDdcLine({operation: op.name, end: endTime, duration, success: !failed, metadata});
}
