import { createHmac } from 'node:crypto';

/** Ghost's server accepts Admin tokens for at most five minutes. */
export const ADMIN_TOKEN_LIFETIME_SECONDS = 5 * 60;

const ADMIN_API_KEY = /^([0-9a-f]{24}):([0-9a-f]{64})$/i;

export class GhostAdminKeyError extends Error {}

function base64url(input: Buffer | string): string {
	return Buffer.from(input)
		.toString('base64')
		.replace(/=+$/, '')
		.replace(/\+/g, '-')
		.replace(/\//g, '_');
}

/** Splits an Admin API key (`<24 hex id>:<64 hex secret>`), without echoing it in errors. */
export function parseAdminApiKey(apiKey: string): { id: string; secret: Buffer } {
	const match = ADMIN_API_KEY.exec(String(apiKey ?? '').trim());
	if (!match) {
		throw new GhostAdminKeyError(
			'The Ghost Admin API key must look like <24 hex characters>:<64 hex characters>. Copy it from Ghost Admin → Settings → Integrations → your custom integration.',
		);
	}
	return { id: match[1], secret: Buffer.from(match[2], 'hex') };
}

/**
 * Signs a Ghost Admin API JWT (HS256, kid = key id, aud = /admin/, 5-minute expiry) with
 * node:crypto. Callers make a fresh one per request, so long runs never meet an expired token.
 */
export function createAdminToken(apiKey: string, nowMs: number = Date.now()): string {
	const { id, secret } = parseAdminApiKey(apiKey);
	const iat = Math.floor(nowMs / 1000);
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: id }));
	const payload = base64url(
		JSON.stringify({ iat, exp: iat + ADMIN_TOKEN_LIFETIME_SECONDS, aud: '/admin/' }),
	);
	const signature = base64url(createHmac('sha256', secret).update(`${header}.${payload}`).digest());
	return `${header}.${payload}.${signature}`;
}
