import { createHmac } from 'node:crypto';

import { createAdminToken, parseAdminApiKey } from '../../nodes/domain/ghost/ghostAdminToken';
import { ghostAdminApiBaseUrl } from '../../nodes/domain/ghost/ghostUrl';

export const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;

function decode(part: string) {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('createAdminToken', () => {
	it('signs HS256 with the hex-decoded secret, kid = key id, aud /admin/, 5-minute expiry', () => {
		const now = Date.UTC(2026, 10, 23, 12, 0, 0);
		const token = createAdminToken(ADMIN_KEY, now);
		const [h, p, s] = token.split('.');
		expect(decode(h)).toEqual({ alg: 'HS256', typ: 'JWT', kid: '6489f4f1c2f0a10001a0b0c1' });
		expect(decode(p)).toEqual({ iat: now / 1000, exp: now / 1000 + 300, aud: '/admin/' });
		const expected = createHmac('sha256', Buffer.from('0123456789abcdef'.repeat(4), 'hex'))
			.update(`${h}.${p}`)
			.digest('base64url');
		expect(s).toBe(expected);
	});

	it('makes a new token for a later request (no reuse past the 5-minute limit)', () => {
		const first = createAdminToken(ADMIN_KEY, 0);
		const later = createAdminToken(ADMIN_KEY, 6 * 60 * 1000);
		expect(later).not.toBe(first);
		expect(decode(later.split('.')[1]).iat).toBe(360);
	});

	it.each(['', 'abc', `${'a'.repeat(24)}${'b'.repeat(64)}`, `${'a'.repeat(24)}:${'z'.repeat(64)}`])(
		'rejects the malformed key %p without echoing it',
		(key) => {
			expect(() => parseAdminApiKey(key)).toThrow(
				/must look like <24 hex characters>:<64 hex characters>/,
			);
			try {
				parseAdminApiKey(key);
			} catch (error) {
				if (key) expect((error as Error).message).not.toContain(key);
			}
		},
	);
});

describe('ghostAdminApiBaseUrl', () => {
	it.each([
		['https://example.com', 'https://example.com/ghost/api/admin'],
		['https://example.com/', 'https://example.com/ghost/api/admin'],
		['https://example.com/blog/', 'https://example.com/blog/ghost/api/admin'],
		['https://example.com/ghost/', 'https://example.com/ghost/api/admin'],
		['https://example.com/ghost/api/admin/', 'https://example.com/ghost/api/admin'],
	])('%s → %s', (url, expected) => {
		expect(ghostAdminApiBaseUrl(url)).toEqual({ ok: true, baseUrl: expected });
	});

	it('refuses http unless allowed', () => {
		expect(ghostAdminApiBaseUrl('http://127.0.0.1:2368')).toEqual({
			ok: false,
			message: expect.stringContaining('Allow HTTP'),
		});
		expect(ghostAdminApiBaseUrl('http://127.0.0.1:2368', true)).toEqual({
			ok: true,
			baseUrl: 'http://127.0.0.1:2368/ghost/api/admin',
		});
	});

	it.each([
		'http://169.254.169.254/',
		'https://169.254.170.2',
		'https://metadata.google.internal',
		'http://[fd00:ec2::254]/',
	])('refuses the cloud metadata address %s even with http allowed', (url) => {
		expect(ghostAdminApiBaseUrl(url, true)).toEqual({
			ok: false,
			message: expect.stringMatching(/metadata/),
		});
	});

	it.each(['', 'not a url', 'ftp://example.com'])('refuses %p', (url) => {
		expect(ghostAdminApiBaseUrl(url).ok).toBe(false);
	});
});
