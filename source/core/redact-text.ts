import {isSecretKey, SECRET_HINTS} from './secret-key.js';

/**
 * Secrets inside free text (an error message, a URL, a Python repr or JSON text stored as a string) ->
 * the same text with each secret replaced by `[redacted]`.
 *
 * Work is linear in the text, whatever it holds: every pattern starts only where a token can start (a
 * look-behind rejects the middle of a word in one step), every repetition has an upper bound, and no two
 * repetitions can match the same characters, so a failed attempt costs at most a few hundred steps and the
 * engine never backtracks over the whole input. Values after a key are scanned by hand, with a bound.
 */

export const REDACTED = '[redacted]';

/** The most characters one value can hide; a longer value is redacted up to here and scanning goes on. */
const MAX_VALUE = 4096;

/**
 * Shapes that are secrets wherever they appear. Each alternative begins where a token begins (not after a
 * letter, digit, `_` or `-`).
 */
const TOKENS = new RegExp(
	'(?<![\\w-])(?:' +
		[
			// Discord user tokens of accounts with two-factor authentication.
			'mfa\\.[\\w-]{20,200}',
			// GitHub, Slack, AWS access key ids, Google API keys, Stripe, OpenAI/Anthropic, GitLab, npm, Hugging Face,
			// SendGrid, DigitalOcean, Telegram bots: fixed prefixes.
			'gh[pousr]_[A-Za-z0-9]{30,255}',
			'github_pat_\\w{22,255}',
			'xox[abposr]-[\\w-]{10,255}',
			'xapp-[\\w-]{10,255}',
			'(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Za-z0-9])',
			'AIza[\\w-]{35}',
			'[sr]k_(?:live|test)_\\w{10,255}',
			'sk-(?:proj-|ant-)?[\\w-]{20,255}',
			'glpat-[\\w-]{20,255}',
			'npm_[A-Za-z0-9]{36}',
			'hf_[A-Za-z0-9]{30,100}',
			'SG\\.[\\w-]{16,32}\\.[\\w-]{30,64}',
			'do[opr]_v1_[a-f0-9]{64}',
			'\\d{8,10}:AA[\\w-]{33}',
			// JWTs: base64url JSON header and payload (both start `eyJ`, i.e. `{"`), then a signature that may be empty.
			'eyJ[\\w-]{5,4000}\\.eyJ[\\w-]{2,16000}\\.[\\w-]{0,2000}',
			// Discord bot and user tokens: the account's numeric id in base64 (17-20 digits give 23-27 characters,
			// starting M, N or O then D, T, j or z, as the base64 of any digit 1-9 does), a 6-character timestamp,
			// an HMAC of 27 to 38 characters. Module paths and other dotted words of the same lengths stay.
			'(?:M[Tjz]|N[DTjz]|O[DT])[A-Za-z0-9]{21,26}={0,2}\\.[\\w-]{6}\\.[\\w-]{27,38}',
		].join('|') +
		')',
	'g',
);

/** Webhook URLs carry their own credential in the last path part (Discord: any host or API version; Slack). */
const WEBHOOK = /(\/webhooks\/\d{5,25}\/)[\w-]{10,200}|(hooks\.slack\.com\/(?:services|workflows|triggers)\/)[\w/-]{10,300}/g;

/** `scheme://user:password@host` and `redis://:password@host`: the whole user information goes. */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/@:?#]{0,256}:[^\s/@?#]{1,512}@/gi;

/** `Bearer abc`, `Bot abc`, `Basic abc` as written in Authorization headers quoted by error texts. */
const AUTH_SCHEME = /\b(Bearer|Bot|Basic)\s{1,8}([\w.~+/=-]{8,4096})/g;

/**
 * A key followed by `=`, `:` (or, after `-`/`--`, a space): env files, shell lines, query strings, headers,
 * YAML, INI, Python reprs and JSON text, with the key optionally quoted (`"key"`, `'key'`, `\"key\"`).
 */
const KEY = new RegExp(
	`(?<![\\w.-])(-{1,2})?(\\\\{0,3}["'])?(?=[\\w.-]{0,60}?(?:${SECRET_HINTS}))` +
		`([A-Za-z][\\w.-]{0,63})(?:\\\\{0,3}["'])?(\\s{0,8}[:=]\\s{0,8}|\\s{1,8})`,
	'gi',
);

/** Where an unquoted value ends. */
const VALUE_END = new Set([' ', '\t', '\n', '\r', '\f', '\v', '"', "'", '`', '&', ',', ';', ')', ']', '}', '<', '>', '{', '[']);
/** Values that say nothing secret and help whoever reads the error ("password: None"). */
const HARMLESS = new Set(['', 'null', 'none', 'true', 'false', 'undefined', 'nil']);
/** Authorization schemes: after `Authorization: Token`, the credential is the next word. */
const SCHEME_WORD = /^(?:bearer|bot|basic|token|digest|negotiate|ntlm|apikey|key|sso-key|dsn|hmac|aws4-hmac-sha256)$/i;

export function redactString(text: string): string {
	let out = redactPem(text);
	out = out.replace(TOKENS, REDACTED);
	if (out.includes('/webhooks/') || out.includes('hooks.slack.com')) {
		out = out.replace(WEBHOOK, (_m, discord: string | undefined, slack: string | undefined) => `${discord ?? slack}${REDACTED}`);
	}
	if (out.includes('://')) out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
	if (out.includes('Bearer') || out.includes('Bot') || out.includes('Basic')) {
		// "Bot connected", "Basic authentication": a plain word after the scheme is prose, not a credential.
		out = out.replace(AUTH_SCHEME, (m, scheme: string, credential: string) =>
			/^[A-Za-z][a-z]*\.?$/.test(credential) ? m : `${scheme} ${REDACTED}`,
		);
	}
	if (out.includes('=') || out.includes(':') || out.includes('-')) out = redactAssignments(out);
	return out;
}

/** PEM private key blocks: the body goes, the BEGIN/END lines stay to say what was there. */
function redactPem(text: string): string {
	if (!text.includes('-----BEGIN')) return text;
	const begin = /-----BEGIN ([A-Z0-9 ]{0,40})-----/g;
	const endLine = /-----END [A-Z0-9 ]{0,40}-----/y;
	let out = '';
	let last = 0;
	for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
		if (!m[1].includes('PRIVATE')) continue;
		const body = m.index + m[0].length;
		const end = text.indexOf('-----END', body);
		// A key cut off before its END line (a truncated log) is still a key: redact to the end.
		if (end === -1) return `${out}${text.slice(last, body)}${REDACTED}`;
		endLine.lastIndex = end;
		const stop = endLine.test(text) ? endLine.lastIndex : end + '-----END'.length;
		out += `${text.slice(last, body)}${REDACTED}${text.slice(end, stop)}`;
		last = stop;
		begin.lastIndex = stop;
	}
	return out + text.slice(last);
}

/** Replaces the value after every key whose name says it is secret. One pass, each character read once or twice. */
function redactAssignments(text: string): string {
	KEY.lastIndex = 0;
	let out = '';
	let last = 0;
	for (let m = KEY.exec(text); m !== null; m = KEY.exec(text)) {
		const [whole, dashes, openQuote, name, separator] = m;
		const afterName = m.index + (dashes?.length ?? 0) + (openQuote?.length ?? 0) + name.length;
		const spaceOnly = !/[:=]/.test(separator);
		const start = m.index + whole.length;
		// `std::map`, `https://host`: a colon that is not a separator.
		const notSeparator = separator === ':' && (text[start] === ':' || text.startsWith('//', start));
		if ((spaceOnly && dashes === undefined) || notSeparator || !isSecretKey(name)) {
			KEY.lastIndex = afterName;
			continue;
		}
		const value = valueSpan(text, start);
		const shown = text.slice(value.from, value.to);
		// Already handled: a redaction, or a PEM block whose body went in the first pass.
		if (HARMLESS.has(shown.toLowerCase()) || shown.startsWith(REDACTED) || shown.startsWith('-----BEGIN')) {
			KEY.lastIndex = Math.max(value.to, afterName);
			continue;
		}
		out += `${text.slice(last, value.from)}${REDACTED}`;
		last = value.to;
		KEY.lastIndex = Math.max(value.to, afterName);
	}
	return out + text.slice(last);
}

interface Span {
	from: number;
	to: number;
}

/** The secret part of the value starting at `start`: a quoted string's content, or an unquoted word. */
function valueSpan(text: string, start: number): Span {
	let i = start;
	let slashes = 0;
	while (text[i] === '\\' && slashes < 3) {
		i++;
		slashes++;
	}
	const quote = text[i];
	if (quote === '"' || quote === "'") return quotedSpan(text, i + 1, quote, slashes);
	const word = wordSpan(text, start);
	// `Authorization: Token abc`: keep the scheme, redact the credential after it.
	if (SCHEME_WORD.test(text.slice(word.from, word.to))) {
		let j = word.to;
		while (j < text.length && j - word.to < 8 && (text[j] === ' ' || text[j] === '\t')) j++;
		if (j > word.to) {
			if (text.startsWith(REDACTED, j)) return {from: j, to: j};
			const credential = wordSpan(text, j);
			if (credential.to > credential.from) return credential;
		}
	}
	return word;
}

function wordSpan(text: string, start: number): Span {
	const limit = Math.min(text.length, start + MAX_VALUE);
	let i = start;
	while (i < limit && !VALUE_END.has(text[i])) i++;
	return {from: start, to: i};
}

/**
 * A quoted value's content up to its closing quote. Backslash escapes are honoured; a value quoted with
 * escaped quotes (`\"…\"`, JSON text inside a JSON string) ends at the same escaped quote. One without a
 * closing quote within the bound is redacted up to the bound or the end of its line.
 */
function quotedSpan(text: string, from: number, quote: string, slashes: number): Span {
	const limit = Math.min(text.length, from + MAX_VALUE);
	let i = from;
	while (i < limit) {
		const c = text[i];
		if (c === '\n') break;
		if (c === '\\') {
			if (slashes > 0 && text.startsWith('\\'.repeat(slashes) + quote, i)) break;
			i += 2;
			continue;
		}
		if (c === quote && slashes === 0) break;
		i++;
	}
	return {from, to: Math.min(i, text.length)};
}
