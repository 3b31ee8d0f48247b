/**
 * Deep redaction of DDC's free-form metadata before it leaves the machine in an export. DDC holds Discord
 * bot tokens and an admin password, and any caller can put anything in `metadata` (REFERENCE §1), so we
 * redact by key name and by the shape of well-known secrets, erring towards redacting too much.
 */

export const REDACTED = '[redacted]';

/** Substrings of key names whose values are dropped whole (`api_key`, `Authorization`, `session_id`...). */
const SECRET_KEY = /token|passw|pwd|secret|key|auth|cookie|session|credential/i;

/**
 * Discord bot tokens are three base64url parts joined by dots (user id, timestamp, HMAC); JWTs have the
 * same shape. Deliberately loose: a false positive costs a word in an export, a miss leaks a bot.
 */
const TOKEN_SHAPE = /[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}/g;
/** `scheme://user:password@host` in error texts (a proxy or registry URL). */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
/** `Bearer abc`, `Bot abc` as written in Authorization headers quoted by error texts. */
const AUTH_SCHEME = /\b(Bearer|Bot|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** JSON.parse can nest deeper than our stack; nothing useful hides that deep. */
const MAX_DEPTH = 64;

export function redactString(text: string): string {
	return text
		.replace(TOKEN_SHAPE, REDACTED)
		.replace(URL_USERINFO, `$1${REDACTED}@`)
		.replace(AUTH_SCHEME, `$1 ${REDACTED}`);
}

/** A redacted deep copy; the input is not changed. */
export function redact(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactString(value);
	if (value === null || typeof value !== 'object') return value;
	if (depth >= MAX_DEPTH) return '[too deep]';
	if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		out[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
	}
	return out;
}
