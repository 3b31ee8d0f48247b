import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseSloFile, sloProblemText} from '../../source/core/judge/slo-file.js';
import {DEFAULT_SLO_RULES, globMatches, judgeOperation, rulesFor, sloState} from '../../source/core/judge/thresholds.js';

/** DDC's pytest.ini as its repository has it: pytest's sections, then the thresholds with inline comments. */
const DDC_PYTEST_INI = `[pytest]
testpaths = tests
norecursedirs =
    .git
    .venv
addopts =
    --verbose
    --cov=services

[benchmark]
min_rounds = 5
max_time = 1.0

# Performance Baselines and Thresholds
[performance:thresholds]
# ConfigService performance targets
config_load_max_time = 1.0          # Maximum 1 second for config load
config_cached_max_time = 0.1        # Maximum 100ms for cached config access
token_encrypt_max_time = 0.5        # Maximum 500ms for token encryption
token_decrypt_max_time = 0.5        # Maximum 500ms for token decryption

# Docker Async Queue performance targets
docker_client_acquire_max = 0.5     # Maximum 500ms to acquire client
docker_concurrent_success = 0.95    # Minimum 95% success rate for concurrent operations
docker_queue_throughput_min = 10    # Minimum 10 operations/second

# MechService performance targets
mech_power_calc_max = 0.001         # Maximum 1ms for power calculation
mech_evolution_calc_max = 0.001     # Maximum 1ms for evolution calculation
mech_state_access_max = 0.1         # Maximum 100ms for state access

# Web UI performance targets
web_login_max_time = 1.0            # Maximum 1 second for login page
web_dashboard_max_time = 2.0        # Maximum 2 seconds for dashboard
web_api_response_max = 0.5          # Maximum 500ms for API responses

# Memory usage thresholds
memory_increase_max_mb = 100        # Maximum 100MB memory increase during tests
memory_leak_threshold_mb = 40       # Maximum 50MB for potential memory leak detection

# Concurrent operation thresholds
concurrent_success_rate = 0.95      # Minimum 95% success rate
concurrent_avg_duration = 0.5       # Maximum 500ms average duration
concurrent_throughput_min = 20      # Minimum 20 operations/second
`;

test('DDC pytest.ini: every documented key is read (or skipped with a reason), pytest sections ignored', () => {
	const parsed = parseSloFile(DDC_PYTEST_INI, 'pytest.ini');
	assert.ok(parsed.ok, JSON.stringify(parsed));
	const {rules, leakThresholdMb, skipped} = parsed.file;
	const max = (op: string) => rules.find((r) => r.pattern === op && r.statistic === 'max')?.limit;
	assert.equal(max('config_load'), 1.0);
	assert.equal(max('config_cached'), 0.1);
	assert.equal(max('token_decrypt'), 0.5);
	assert.equal(max('docker_client_acquire'), 0.5);
	assert.equal(max('mech_power_calc'), 0.001);
	assert.equal(max('web_dashboard'), 2.0);
	assert.equal(max('web_api_response'), 0.5);
	assert.deepEqual(
		rules.filter((r) => r.statistic === 'success_rate').map((r) => [r.pattern, r.limit]),
		[['docker_*', 0.95]],
	);
	assert.equal(leakThresholdMb, 40);
	assert.equal(skipped.length, 5, skipped.join('\n'));
	assert.equal(rules.find((r) => r.pattern === 'config_load')?.source, 'pytest.ini:17');
	// The [benchmark] max_time is pytest-benchmark's, not a threshold.
	assert.equal(max('max'), undefined);
});

test('ddc-top SLO file: patterns, statistics, units and floors', () => {
	const parsed = parseSloFile(
		`# no section header: the whole file is ddc-top's
config_load p95 = 800ms
docker_*    p99 = 0.5s
docker_*    success_rate = 99%
*           avg = 250us
memory_leak_threshold_mb = 30
`,
		'slo.ini',
	);
	assert.ok(parsed.ok, JSON.stringify(parsed));
	assert.deepEqual(
		parsed.file.rules.map((r) => [r.pattern, r.statistic, r.limit]),
		[
			['config_load', 'p95', 0.8],
			['docker_*', 'p99', 0.5],
			['docker_*', 'success_rate', 0.99],
			['*', 'avg', 0.00025],
		],
	);
	assert.equal(parsed.file.leakThresholdMb, 30);
});

test('bad files: one line naming the line and the problem', () => {
	const cases: Array<[string, RegExp]> = [
		['[performance:thresholds]\nconfig_load_max_time = fast\n', /^f:2: config_load_max_time: "fast" is not a number$/],
		['[performance:thresholds]\n\nthroughput = 3\n', /^f:3: unknown key throughput/],
		['[ddc-top:slo]\nconfig_load p42 = 1\n', /^f:2: unknown statistic p42/],
		['config_load p95 = soon\n', /^f:1: config_load p95: "soon" is not a duration/],
		['docker_* success_rate = 120%\n', /^f:1: docker_\* success_rate: a success rate floor is a percentage/],
		['config_load = 1\n', /^f:1: expected PATTERN STATISTIC = LIMIT/],
		['just words\n', /^f:1: expected KEY = VALUE/],
		['[pytest]\ntestpaths = tests\n', /^f:1: no \[performance:thresholds\] or \[ddc-top:slo\] section$/],
	];
	for (const [text, pattern] of cases) {
		const parsed = parseSloFile(text, 'f');
		assert.ok(!parsed.ok, text);
		const line = sloProblemText('f', parsed);
		assert.doesNotMatch(line, /\n/);
		assert.match(line, pattern);
	}
});

test('state: ok / near (>= 80 % of the limit) / breach / none', () => {
	assert.equal(sloState('p95', 0.79, 1), 'ok');
	assert.equal(sloState('p95', 0.8, 1), 'near');
	assert.equal(sloState('p95', 1, 1), 'near');
	assert.equal(sloState('p95', 1.0001, 1), 'breach');
	assert.equal(sloState('p95', undefined, 1), 'none');
	// A floor of 95 % allows 5 % failures: near from 4 %.
	assert.equal(sloState('success_rate', 0.97, 0.95), 'ok');
	assert.equal(sloState('success_rate', 0.96, 0.95), 'near');
	assert.equal(sloState('success_rate', 0.949, 0.95), 'breach');
	assert.equal(sloState('success_rate', 1, 1), 'ok');
});

test('globs and precedence: an exact name beats a pattern; the worst check decides', () => {
	assert.ok(globMatches('docker_*', 'docker_restart'));
	assert.ok(!globMatches('docker_*', 'my_docker_restart'));
	assert.ok(globMatches('a?c', 'abc'));
	assert.ok(globMatches('a.c', 'a.c') && !globMatches('a.c', 'abc'), 'a dot is literal');
	const rules = [
		{pattern: '*', statistic: 'p95' as const, limit: 2, source: 'x'},
		{pattern: 'docker_*', statistic: 'p95' as const, limit: 1, source: 'x'},
		{pattern: 'docker_start', statistic: 'p95' as const, limit: 0.5, source: 'x'},
		{pattern: 'docker_*', statistic: 'success_rate' as const, limit: 0.95, source: 'x'},
	];
	assert.deepEqual(
		rulesFor('docker_start', rules).map((r) => r.limit),
		[0.5, 0.95],
	);
	const v = judgeOperation('docker_start', {calls: 100, ok: 90, p95: 0.1}, rules);
	assert.equal(v.state, 'breach');
	assert.equal(v.worst?.rule.statistic, 'success_rate');
	assert.equal(judgeOperation('unbound', {calls: 5, ok: 5, p95: 9}, [rules[2]]).state, 'none');
	assert.equal(judgeOperation('docker_start', {calls: 0, ok: 0}, rules).state, 'none');
});

test('built-in defaults are DDC values for its operation names', () => {
	const limit = (op: string, stat: string) => rulesFor(op, DEFAULT_SLO_RULES).find((r) => r.statistic === stat)?.limit;
	assert.equal(limit('config_load', 'max'), 1.0);
	assert.equal(limit('config_cached', 'max'), 0.1);
	assert.equal(limit('token_encrypt', 'max'), 0.5);
	assert.equal(limit('docker_client_acquire', 'max'), 0.5);
	assert.equal(limit('mech_evolution_calc', 'max'), 0.001);
	assert.equal(limit('mech_state_access', 'max'), 0.1);
	assert.equal(limit('docker_restart', 'success_rate'), 0.95);
	assert.equal(limit('docker_client_acquire', 'success_rate'), 0.95);
});
