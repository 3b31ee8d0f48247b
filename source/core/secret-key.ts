/**
 * Whether a key's name says its value is a secret: an object key in metadata (`webhook_url`), an environment
 * variable (`DISCORD_BOT_TOKEN`), a header (`X-Registry-Auth`) or a query parameter (`access_token`).
 *
 * The name is split into words (snake_case, camelCase, kebab-case, dots) so that ordinary words which merely
 * contain a short secret word stay: `keyboard`, `monkey`, `hotkey`, `author`, `bypass`, `compass`,
 * `passenger`, `private_ip`, `session_count`. Words that are ambiguous on their own (`key`, `pass`,
 * `private`, `session`) count only as the last word (`api_key`, `db_pass`), and a last word that names a
 * property of the secret rather than the secret (`token_type`, `password_file`, `key_count`, `KeyError`)
 * keeps the value.
 */

/** Found anywhere in the lower-cased name, even inside a longer word (`ACCESSTOKEN`, `botToken`). */
const ANYWHERE = /passw|passphrase|secret|token|credential|cookie|webhook|apikey|api_key|api-key|privatekey|private_key|authoriz|oauth|bearer|jwt|sessionid|session_id|session-id/;
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
]);

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
	if (ANYWHERE.test(text.toLowerCase())) return true;
	return LAST_WORD.has(last) || words.some((w) => ANY_WORD.has(w));
}
