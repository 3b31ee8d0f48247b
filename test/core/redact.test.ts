import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MAX_DEPTH, REDACTED, redact, redactString, TOO_DEEP} from '../../source/core/redact.js';
import {isSecretKey} from '../../source/core/secret-key.js';
import {NEAR_MISSES, SECRET_CASES} from '../fixtures/secret-corpus.js';

test('the corpus covers at least 60 secret shapes', () => {
	assert.ok(SECRET_CASES.length >= 60, `${SECRET_CASES.length} shapes`);
	assert.equal(new Set(SECRET_CASES.map((c) => c.shape)).size, SECRET_CASES.length, 'shapes are distinct');
});

for (const c of SECRET_CASES) {
	test(`redacted: ${c.shape}`, () => {
		const out = JSON.stringify(redact(c.input));
		for (const secret of c.secrets) {
			// As written, and as JSON would escape it (the output is compared as JSON text).
			assert.ok(!out.includes(secret) && !out.includes(JSON.stringify(secret).slice(1, -1)), `${c.shape} leaked: ${out}`);
		}
		assert.ok(out.includes(REDACTED), out);
	});
}

test('near-misses stay exactly as they were', () => {
	for (const n of NEAR_MISSES) assert.deepEqual(redact(n.input), n.input, n.what);
});

test("the issue's 17 leaks are each redacted", () => {
	const hook = 'https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123';
	const leaks: unknown[] = [
		{webhook_url: hook},
		{webhook: hook},
		{error: `Webhook failed: ${hook}`},
		'GET /x?access_token=Zm9vYmFyYmF6cXV4&password=hunter2hunter2',
		"{'token': 'Zm9vYmFyYmF6cXV4'}",
		'{"password": "hunter2hunter2"}',
		'DISCORD_BOT_TOKEN=Zm9vYmFyYmF6cXV4',
		'ADMIN_PASSWORD=hunter2hunter2',
		'Authorization: token Zm9vYmFyYmF6cXV4',
		'redis://:hunter2hunter2@redis:6379',
		{pass: 'hunter2hunter2'},
		{pw: 'hunter2hunter2'},
		{passphrase: 'hunter2hunter2'},
		{private: 'hunter2hunter2'},
		`mfa.${'Zm9vYmFyYmF6cXV4'.repeat(5)}`,
	];
	for (const leak of leaks) {
		const out = JSON.stringify(redact(leak));
		assert.doesNotMatch(out, /hunter2|Zm9vYmFyYmF6cXV4|AbCdEf/, out);
	}
});

test('key names: words decide, not substrings', () => {
	for (const name of [
		'token',
		'api_key',
		'apiKey',
		'X-API-Key',
		'db_pass',
		'ADMIN_PASSWORD',
		'webhook_url',
		'Authorization',
		'sessionid',
		'private',
		'pw',
		'mfa_code',
	]) {
		assert.equal(isSecretKey(name), true, name);
	}
	for (const name of [
		'keyboard',
		'monkey',
		'author',
		'bypass',
		'private_ip',
		'token_type',
		'password_file',
		'key_count',
		'KeyError',
		'container',
		'error',
	]) {
		assert.equal(isSecretKey(name), false, name);
	}
});

test('key names: a lookup key or a count of tokens keeps its value; key, session and session_id alone do not', () => {
	for (const name of [
		'sort_key',
		'cache_key',
		'primary_key',
		'sortKey',
		'PARTITION_KEY',
		'public_key',
		'dict_keys',
		'tokens_used',
		'max_tokens',
		'prompt_tokens',
		'token_limit',
		'tokens_remaining',
	]) {
		assert.equal(isSecretKey(name), false, name);
	}
	for (const name of [
		'key',
		'Key',
		'keys',
		'session',
		'session_id',
		'sessionId',
		'license_key',
		'encryption_key',
		'api_keys',
		'token_cache_key',
		'auth_cache_key',
		'tokens',
		'refresh_tokens',
		'access_token_id',
	]) {
		assert.equal(isSecretKey(name), true, name);
	}
	assert.equal(
		redactString('sort_key=created_at cache_key: guild:1 key=abcdefgh1234'),
		`sort_key=created_at cache_key: guild:1 key=${REDACTED}`,
	);
});

test('three long dotted words are a token only in the shape Discord gives one', () => {
	const id = Buffer.from('812345678901234567').toString('base64');
	const shaped = `${id}.GaBcDe.${'x1Y2z3'.repeat(6)}`;
	assert.equal(redactString(`bad ${shaped} here`), `bad ${REDACTED} here`);
	for (const text of [
		'a_long_module_name.sub.another_long_name',
		'abcdefghijklmnopqrstuvwx.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789',
		`${id.toLowerCase()}.GaBcDe.${'x1Y2z3'.repeat(6)}`,
		`${id}.GaBcD.${'x1Y2z3'.repeat(6)}`,
		`${id}.GaBcDe.${'x1Y2z3'.repeat(4)}`,
		`x${id}.GaBcDe.${'x1Y2z3'.repeat(6)}`,
	]) {
		assert.equal(redactString(text), text, text);
	}
	// JWTs: both the header and the payload start as JSON objects do.
	assert.equal(redactString('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'), REDACTED);
	assert.equal(redactString('eyJhbGciOiJIUzI1NiJ9.payload_not_json.c2ln'), 'eyJhbGciOiJIUzI1NiJ9.payload_not_json.c2ln');
});

test('the input is not changed; keys are redacted too; a __proto__ key stays a plain key', () => {
	const input = JSON.parse('{"error": "token=abcdefgh1234", "__proto__": {"password": "x1"}, "list": [{"pw": "x2"}]}') as Record<
		string,
		unknown
	>;
	const before = JSON.stringify(input);
	const out = redact(input) as Record<string, unknown>;
	assert.equal(JSON.stringify(input), before);
	assert.equal(Object.getPrototypeOf(out), Object.prototype, 'no prototype was replaced');
	assert.deepEqual(JSON.parse(JSON.stringify(out)), {
		error: `token=${REDACTED}`,
		['__proto__']: {password: REDACTED},
		list: [{pw: REDACTED}],
	});
	assert.deepEqual(redact({'https://bob:hunter22@host': 'x'}), {[`https://${REDACTED}@host`]: 'x'});
});

test('nesting: the depth cap holds, and no depth exhausts the stack', () => {
	let deep: unknown = 'token=abcdefgh1234';
	for (let i = 0; i < 200_000; i++) deep = [deep];
	const out = redact({e: deep});
	let node = (out as {e: unknown}).e;
	let depth = 1;
	while (Array.isArray(node)) {
		node = node[0];
		depth++;
	}
	assert.equal(node, TOO_DEEP);
	assert.equal(depth, MAX_DEPTH);
	// A 10 MB line of brackets, as JSON.parse gives it.
	const parsed = JSON.parse(`{"e": ${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}}`) as unknown;
	assert.doesNotThrow(() => JSON.stringify(redact(parsed)));
});

test('redactString leaves text without secrets untouched, byte for byte', () => {
	const text = 'config_load took 0.333 s; container ddc (3f4e5a) restarted: exit 137 ✓ 日本';
	assert.equal(redactString(text), text);
});

test('redacting twice changes nothing more, and random mixes of the tricky characters never throw', () => {
	for (const c of SECRET_CASES) {
		const once = redact(c.input);
		assert.deepEqual(redact(once), once, c.shape);
	}
	const alphabet = [
		'token',
		'pw',
		'=',
		':',
		' ',
		'"',
		"'",
		'\\',
		'-',
		'--',
		'.',
		'/',
		'@',
		'://',
		'eyJ',
		'Bearer ',
		'a',
		'Z9',
		'-----BEGIN PRIVATE KEY-----',
		'-----END',
		'\n',
		'&',
		'?',
	];
	let x = 12345;
	for (let i = 0; i < 2000; i++) {
		let text = '';
		for (let j = 0; j < 30; j++) {
			x = (Math.imul(x, 1103515245) + 12345) >>> 0;
			text += alphabet[x % alphabet.length];
		}
		const out = redactString(text);
		assert.equal(redactString(out), out, JSON.stringify(text));
	}
});
