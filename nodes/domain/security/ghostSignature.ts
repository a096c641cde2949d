import { createHmac, timingSafeEqual } from 'node:crypto';

/** Ghost signs with HMAC-SHA256(secret, body + timestamp) and sends `sha256=<hex>, t=<ms>`. */
export const DEFAULT_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;
/** A Ghost server whose clock runs a little ahead is normal; more than this is not. */
export const MAX_FUTURE_SKEW_MS = 60 * 1000;

export type GhostSignatureFailure =
	| 'missing_secret'
	| 'missing_signature'
	| 'malformed_signature'
	| 'timestamp_expired'
	| 'timestamp_in_future'
	| 'signature_mismatch';

export type GhostSignatureResult =
	| { valid: true; timestamp: number; digest: string }
	| { valid: false; reason: GhostSignatureFailure };

export interface GhostSignatureOptions {
	/** Current time in milliseconds (defaults to Date.now()). */
	now?: number;
	/** Oldest accepted signature age in milliseconds (defaults to 5 minutes; NaN, Infinity, 0 or less mean the default). */
	toleranceMs?: number;
}

/** The signature window in milliseconds: the default unless a positive, finite number is given. */
export function signatureToleranceMs(value: unknown): number {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : DEFAULT_SIGNATURE_TOLERANCE_MS;
}

/** Short, user-facing explanations, safe to send back to Ghost or show in n8n. */
export const SIGNATURE_FAILURE_MESSAGES: Record<GhostSignatureFailure, string> = {
	missing_secret: 'The trigger has no webhook secret, so it cannot verify Ghost requests',
	missing_signature: 'Missing X-Ghost-Signature header (is a secret set on the Ghost webhook?)',
	malformed_signature: 'Malformed X-Ghost-Signature header (expected "sha256=<hex>, t=<ms>")',
	timestamp_expired: 'Signature timestamp is too old',
	timestamp_in_future: 'Signature timestamp is in the future',
	signature_mismatch: 'Signature does not match the request body',
};

const HEADER_PART = /^\s*(sha256|t)=([^\s,]*)\s*$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const MILLIS = /^\d{1,16}$/;

function parseHeader(header: string): { digest: string; timestamp: string } | undefined {
	const fields: Record<string, string> = {};
	for (const part of header.split(',')) {
		const match = HEADER_PART.exec(part);
		if (!match || fields[match[1]] !== undefined) return undefined;
		fields[match[1]] = match[2];
	}
	const { sha256: digest, t: timestamp } = fields;
	if (!digest || !timestamp || !HEX_DIGEST.test(digest) || !MILLIS.test(timestamp)) {
		return undefined;
	}
	return { digest, timestamp };
}

/**
 * Verifies Ghost's `X-Ghost-Signature` over the raw request bytes. Never throws: every
 * failure comes back as a reason, so the caller can answer 401 without a stack trace.
 */
export function verifyGhostSignature(
	rawBody: Buffer | string,
	header: string | undefined,
	secret: string,
	options: GhostSignatureOptions = {},
): GhostSignatureResult {
	try {
		if (typeof secret !== 'string' || secret.length === 0) {
			return { valid: false, reason: 'missing_secret' };
		}
		if (typeof header !== 'string' || header.trim() === '') {
			return { valid: false, reason: 'missing_signature' };
		}
		const parsed = parseHeader(header);
		if (!parsed) return { valid: false, reason: 'malformed_signature' };

		const timestamp = Number(parsed.timestamp);
		const now = options.now ?? Date.now();
		// A non-numeric window (an expression giving NaN or Infinity) must not switch the checks off.
		const tolerance = signatureToleranceMs(options.toleranceMs);
		if (now - timestamp > tolerance) return { valid: false, reason: 'timestamp_expired' };
		if (timestamp - now > Math.min(tolerance, MAX_FUTURE_SKEW_MS)) {
			return { valid: false, reason: 'timestamp_in_future' };
		}

		if (!Buffer.isBuffer(rawBody) && typeof rawBody !== 'string') {
			return { valid: false, reason: 'signature_mismatch' };
		}
		const expected = createHmac('sha256', secret).update(rawBody).update(parsed.timestamp).digest();
		const received = Buffer.from(parsed.digest, 'hex');
		if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
			return { valid: false, reason: 'signature_mismatch' };
		}
		return { valid: true, timestamp, digest: parsed.digest.toLowerCase() };
	} catch {
		return { valid: false, reason: 'signature_mismatch' };
	}
}
