/**
 * Whether a key's name says its value is a secret: an object key in metadata (`webhook_url`), an environment
 * variable (`DISCORD_BOT_TOKEN`), a header (`X-Registry-Auth`) or a query parameter (`access_token`).
 *
 * The name is split into words (snake_case, camelCase, kebab-case, dots) so that ordinary words which merely
 * contain a short secret word stay: `keyboard`, `monkey`, `hotkey`, `author`, `bypass`, `compass`,
 * `passenger`, `private_ip`, `session_count`. Words that are ambiguous on their own (`key`, `pass`,
 * `private`, `session`) count only as the last word (`api_key`, `db_pass`; `key` and `session` alone too:
 * a caller naming a value just that most likely holds one). The value stays when:
 * - the last word names a property or a measure of the secret rather than the secret: `token_type`,
 *   `password_file`, `key_count`, `tokens_used`, `token_limit`, `KeyError`;
 * - `key` is a lookup key, as the word before it says: `sort_key`, `cache_key`, `primary_key`,
 *   `partition_key`, `routing_key`, `public_key` (unless another word says secret: `token_cache_key`);
 * - `tokens` are counted, as the word before says: `max_tokens`, `prompt_tokens`, `total_tokens`.
 * An `_id` ending is no exception: `session_id` is the session's secret itself.
 */

/** Found anywhere in the lower-cased name, even inside a longer word (`ACCESSTOKEN`, `botToken`). */
const ANYWHERE = new RegExp(
	'passw|passphrase|secret|token|credential|cookie|webhook|apikey|api_key|api-key|privatekey|private_key|' +
		'authoriz|oauth|bearer|jwt|sessionid|session_id|session-id',
);
/** Whole words that mark a secret wherever they stand in the name. */
const ANY_WORD = new Set(['pwd', 'passwd', 'pw', 'auth', 'creds', 'dsn', 'mfa', 'otp', 'totp']);
/** Whole words that mark a secret only as the name's last word. */
const LAST_WORD = new Set(['key', 'keys', 'pass', 'private', 'session', 'sessions', 'sid', 'sig', 'signature', 'pin']);
/** A last word that describes the secret instead of being it. */
const NOT_SECRET_LAST = new Set([
	'count',
	'counts',
	'length',
	'len',
	'size',
	'type',
	'kind',
	'name',
	'names',
	'error',
	'errors',
	'exception',
	'expiry',
	'expires',
	'expired',
	'ttl',
	'at',
	'file',
	'path',
	'dir',
	'enabled',
	'disabled',
	'required',
	'present',
	'valid',
	'used',
	'remaining',
	'left',
	'limit',
	'limits',
	'usage',
	'total',
]);
/** Before a last word `key`/`keys`: a key that finds or orders records, or one meant to be public. */
const LOOKUP_KEY = new Set([
	'sort',
	'order',
	'cache',
	'primary',
	'foreign',
	'partition',
	'range',
	'shard',
	'row',
	'lookup',
	'index',
	'dict',
	'map',
	'group',
	'routing',
	'idempotency',
	'dedup',
	'dedupe',
	'unique',
	'composite',
	'object',
	'public',
]);
/** Before a last word `tokens`: tokens counted, as language model usage reports them. */
const COUNTED_TOKENS = new Set(['max', 'min', 'num', 'total', 'prompt', 'completion', 'input', 'output', 'cached', 'reasoning', 'used']);

/**
 * Every secret name contains one of these (case-insensitive): a cheap test that settles most names, and the
 * look-ahead that lets the text scanner skip every other `word:` and `word=` without leaving the regex engine.
 * isSecretKey tests it first, so a word added above without its hint here is missed everywhere alike (and
 * the corpus tests catch it), never only in text.
 */
export const SECRET_HINTS = 'pass|pw|secret|token|cred|cookie|webhook|key|auth|bearer|jwt|sess|sid|sig|pin|dsn|mfa|otp|priv';
const HINT = new RegExp(SECRET_HINTS, 'i');

/** Names repeat (the same keys on every failure): remember recent answers. */
const cache = new Map<string, boolean>();
const CACHE_LIMIT = 1024;

/** Names are short; a hostile one is judged by its ends, which is where a name says what it holds. */
const MAX_NAME = 256;

export function isSecretKey(name: string): boolean {
	if (!HINT.test(name)) return false;
	const known = cache.get(name);
	if (known !== undefined) return known;
	const answer = judge(name);
	if (name.length > MAX_NAME) return answer;
	if (cache.size >= CACHE_LIMIT) cache.clear();
	cache.set(name, answer);
	return answer;
}

function judge(name: string): boolean {
	const text = name.length <= MAX_NAME ? name : `${name.slice(0, MAX_NAME / 2)} ${name.slice(-MAX_NAME / 2)}`;
	const words = text
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((w) => w !== '');
	const last = words.at(-1);
	if (last === undefined || NOT_SECRET_LAST.has(last)) return false;
	const before = words.at(-2) ?? '';
	if (last === 'tokens' && COUNTED_TOKENS.has(before)) return false;
	if (ANYWHERE.test(text.toLowerCase())) return true;
	// Only here, after the names that say secret anywhere: `token_cache_key` may well hold the token.
	if ((last === 'key' || last === 'keys') && LOOKUP_KEY.has(before)) return words.some((w) => ANY_WORD.has(w));
	return LAST_WORD.has(last) || words.some((w) => ANY_WORD.has(w));
}
