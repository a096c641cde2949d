import { createHash } from 'node:crypto';

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*/g;
const EMAIL_IN_QUERY = /([?&]email=)[^&#\s]+/gi;
/** An address inside a URL-encoded string (`jamie%40example.com`). */
const ENCODED_EMAIL = /[A-Za-z0-9._%+-]+%40[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** A stable, non-reversible stand-in for an email address (lower-cased first). */
export function hashEmail(email: string): string {
	return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

export function emailReference(email: string): string {
	return `<email sha256:${hashEmail(email).slice(0, 12)}>`;
}

/** Removes email addresses (plain or URL-encoded in ?email=) and the given secrets from text. */
export function redact(text: string, secrets: readonly string[] = []): string {
	let out = String(text ?? '');
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	out = out.replace(EMAIL_IN_QUERY, (_match, prefix: string) => `${prefix}[email]`);
	out = out.replace(ENCODED_EMAIL, (encoded) => emailReference(decodeURIComponent(encoded)));
	return out.replace(EMAIL, (email) => emailReference(email));
}
