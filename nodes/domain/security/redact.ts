import { createHash, createHmac } from 'node:crypto';

/** A stable, non-reversible stand-in for an email address (lower-cased first). */
export function hashEmail(email: string): string {
	return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * A reference to an address for stored records (dead letters): an HMAC keyed with a secret only
 * this n8n holds (derived from the webhook secret), so unlike a plain hash it cannot be reversed
 * by hashing a list of candidate addresses.
 */
export function keyedEmailRef(email: string, secret: string): string {
	const key = createHmac('sha256', secret)
		.update('ghost-cm dead-letter email reference v1')
		.digest();
	return createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex');
}

export function emailReference(email: string): string {
	return `<email sha256:${hashEmail(email).slice(0, 12)}>`;
}

// The at-sign as it appears in text, URLs (once or more encoded), JSON and HTML.
const AT = String.raw`(?:@|%(?:25)*40|\\u0040|\\x40|&#0*64;|&#x0*40;|&commat;)`;
// An address's local part: letters and digits of any script, the specials addresses may hold,
// and %XX escapes of those specials and of UTF-8 bytes (once or more encoded). An address never
// starts inside a word or inside an escape such as %3A, so a filter around an encoded address
// stays readable. Erring the other way (a path before an address hidden with it) is harmless.
const ENCODED = String.raw`%(?:25)*(?:2[1345-9A-Fa-f]|3[DdFf]|5[EeFf]|60|7[B-Eb-e]|[89A-Fa-f][0-9A-Fa-f])`;
const RAW_PERCENT = String.raw`%(?![0-9A-Fa-f]{2})`;
const START = String.raw`(?<![\p{L}\p{N}\p{M}])(?!(?<=%)[0-9A-Fa-f]{2})`;
const LOCAL = String.raw`${START}(?:[\p{L}\p{N}\p{M}!#$&'*+/=?^_\x60{|}~-]|${RAW_PERCENT}|${ENCODED})(?:[\p{L}\p{N}\p{M}.!#$&'*+/=?^_\x60{|}~-]|${RAW_PERCENT}|${ENCODED})*`;
const QUOTED_LOCAL = String.raw`"[^"\r\n]{1,64}"`;
const LABEL = String.raw`(?:[\p{L}\p{N}\p{M}-]|%(?:25)*(?:2[Dd]|[89A-Fa-f][0-9A-Fa-f]))+`;
const EMAIL = new RegExp(`(?:${QUOTED_LOCAL}|${LOCAL})${AT}${LABEL}(?:\\.${LABEL})*`, 'giu');
const EMAIL_IN_QUERY = /([?&]email=)[^&#\s]+/gi;

/** The address an encoded match stands for, so the same person always gets the same reference. */
function decodeEmail(match: string): string {
	let out = match.replace(new RegExp(AT, 'gi'), '@');
	for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(out); i++) {
		try {
			out = decodeURIComponent(out);
		} catch {
			break;
		}
	}
	return out;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret takes on the wire: itself, URL-encoded, and inside a Basic header. */
function secretForms(secret: string): string[] {
	const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
	return [
		secret,
		encodeURIComponent(secret),
		base64(secret),
		base64(`${secret}:x`),
		base64(`${secret}:`),
	].filter((form, index, all) => form.length >= 4 && all.indexOf(form) === index);
}

/**
 * Removes email addresses (plain, internationalised, quoted, or with an encoded at-sign) and the
 * given secrets (any letter case, URL-encoded, or base64 as in a Basic header) from text.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
	let out = String(text ?? '');
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		// Longest first, so a Basic header is replaced whole rather than around the bare key.
		for (const form of secretForms(secret).sort((a, b) => b.length - a.length)) {
			out = out.replace(new RegExp(escapeRegExp(form), 'gi'), '[redacted]');
		}
	}
	out = out.replace(EMAIL_IN_QUERY, (_match, prefix: string) => `${prefix}[email]`);
	return out.replace(EMAIL, (email) => emailReference(decodeEmail(email)));
}
