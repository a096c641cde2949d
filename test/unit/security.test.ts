/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- made-up keys, to prove redaction hides them */
// The security review's findings, one test each (URL forms, ids, redaction,
// NQL), plus properties checked on generated input with fast-check.
import * as nqlLang from '@tryghost/nql-lang';
import fc from 'fast-check';

import { cmApiBaseUrl } from '../../nodes/domain/campaignMonitor/cmUrl';
import { ghostIdSegment } from '../../nodes/domain/ghost/ghostId';
import { ghostAdminApiBaseUrl } from '../../nodes/domain/ghost/ghostUrl';
import { emailFilter, nqlString } from '../../nodes/domain/ghost/nql';
import { emailReference, redact } from '../../nodes/domain/security/redact';

describe('outbound URL guard', () => {
	it.each([
		['http://[::ffff:169.254.169.254]/', /IPv4 address written as IPv6 \(write 169\.254\.169\.254/],
		['http://[::169.254.169.254]/', /IPv4 address written as IPv6/],
		['http://[::ffff:100.100.100.200]/', /IPv4 address written as IPv6 \(write 100\.100\.100\.200/],
		['http://[::ffff:127.0.0.1]:2368/', /IPv4 address written as IPv6 \(write 127\.0\.0\.1/],
		['http://[::ffff:0:a9fe:a9fe]/', /IPv4 address written as IPv6/],
		['http://[64:ff9b::a9fe:a9fe]/', /IPv4 address written as IPv6/],
		['http://[2002:a9fe:a9fe::1]/', /IPv4 address written as IPv6/],
		['http://metadata.google.internal./', /metadata/],
		['http://METADATA.GOOGLE.INTERNAL../', /metadata/],
		['http://169.254.169.254./', /metadata/],
		['http://0xa9fea9fe/', /metadata/],
		['http://2852039166/', /metadata/],
		['http://169.254.1.1/', /link-local/],
		['http://[fe80::1]/', /link-local/],
		['http://[fd00:ec2::254]/', /metadata/],
		['http://0.0.0.0:2368/', /this host/],
		['http://[::]:2368/', /this host/],
		['http://user:secret@ghost.local/', /user name or password/],
	])('refuses %s, even with http allowed', (url, reason) => {
		const ghost = ghostAdminApiBaseUrl(url, true);
		const cm = cmApiBaseUrl(url, true);
		expect(ghost).toEqual({ ok: false, message: expect.stringMatching(reason) });
		expect(cm).toEqual({ ok: false, message: expect.stringMatching(reason) });
	});

	it('refuses the Campaign Monitor Base URL aimed at a metadata path: http without the switch, "#" with it', () => {
		const url = 'http://127.0.0.1:4010/latest/meta-data/iam/security-credentials/role#';
		expect(cmApiBaseUrl(url)).toEqual({
			ok: false,
			message: expect.stringContaining('Allow HTTP (Test Server)'),
		});
		expect(cmApiBaseUrl(url, true)).toEqual({
			ok: false,
			message: expect.stringContaining('"?" or "#"'),
		});
		expect(cmApiBaseUrl('https://api.example.com/v3.3?x=1').ok).toBe(false);
		expect(ghostAdminApiBaseUrl('https://example.com/?q=1').ok).toBe(false);
	});

	it.each([
		['https://example.com', false, 'https://example.com/ghost/api/admin'],
		['http://127.0.0.1:2368', true, 'http://127.0.0.1:2368/ghost/api/admin'],
		['http://[::1]:2368/', true, 'http://[::1]:2368/ghost/api/admin'],
		['https://[2001:db8::1]/blog/', false, 'https://[2001:db8::1]/blog/ghost/api/admin'],
		['https://ghost.example.com./', false, 'https://ghost.example.com./ghost/api/admin'],
	])('accepts %s', (url, allowHttp, expected) => {
		expect(ghostAdminApiBaseUrl(url, allowHttp)).toEqual({ ok: true, baseUrl: expected });
	});

	it('keeps the default Campaign Monitor URL and a local simulator with the switch on', () => {
		expect(cmApiBaseUrl('')).toEqual({ ok: true, baseUrl: 'https://api.createsend.com/api/v3.3' });
		expect(cmApiBaseUrl('http://127.0.0.1:4010/api/v3.3/', true)).toEqual({
			ok: true,
			baseUrl: 'http://127.0.0.1:4010/api/v3.3',
		});
	});

	it('never lets a generated IPv4-mapped form of a metadata or loopback address through', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('169.254.169.254', '100.100.100.200', '127.0.0.1', '169.254.170.2'),
				fc.constantFrom('::ffff:', '::', '64:ff9b::', '::ffff:0:'),
				(ipv4, prefix) => !ghostAdminApiBaseUrl(`http://[${prefix}${ipv4}]/`, true).ok,
			),
		);
	});
});

describe('Ghost ids in paths', () => {
	it.each([
		'../settings',
		'abc/?include=roles',
		'6489f4f1c2f0a10001a0b0c1/../x',
		'%2e%2e',
		'',
		'g'.repeat(24),
	])('refuses %p', (id) => expect(ghostIdSegment(id)).toBeUndefined());
	it('accepts a 24-hex id, lower-cased', () => {
		expect(ghostIdSegment(' 6489F4F1C2F0A10001A0B0C1 ')).toBe('6489f4f1c2f0a10001a0b0c1');
	});
});

describe('redaction', () => {
	const ref = (email: string) => emailReference(email);
	it.each([
		['jörg@exämple.de', 'jörg@exämple.de'],
		['用户@例子.广告', '用户@例子.广告'],
		['"john doe"@example.com', '"john doe"@example.com'],
		['jamie%2540example.com', 'jamie@example.com'],
		['jamie%40example.com', 'jamie@example.com'],
		['jamie\\u0040example.com', 'jamie@example.com'],
		['jamie&#64;example.com', 'jamie@example.com'],
		['jamie&#x40;example.com', 'jamie@example.com'],
		["o'neil+news@example.com", "o'neil+news@example.com"],
	])('hides %s', (raw, address) => {
		const out = redact(`failed for ${raw} (code 1)`);
		expect(out).toBe(`failed for ${ref(address)} (code 1)`);
	});

	it('hides the API key in any case, URL-encoded and inside a Basic header', () => {
		const key = 'AbCdEf0123456789/+secret';
		const basic = Buffer.from(`${key}:x`).toString('base64');
		const text = `key ${key.toUpperCase()} enc ${encodeURIComponent(key)} hdr Authorization: Basic ${basic}`;
		const out = redact(text, [key]);
		expect(out).not.toContain(basic);
		expect(out.toLowerCase()).not.toContain(key.toLowerCase());
		expect(out).not.toContain(encodeURIComponent(key));
		expect(out).toBe('key [redacted] enc [redacted] hdr Authorization: Basic [redacted]');
	});

	it('leaves the text around an encoded address readable', () => {
		expect(redact("GET /members/?filter=email%3A'jamie%40example.com'")).toBe(
			`GET /members/?filter=email%3A'${ref('jamie@example.com')}'`,
		);
	});

	// A literal "%" followed by two hex digits reads as an escape (as in email%3A'…'), so such
	// addresses (legal, never seen in practice) are left out of the generated ones.
	const address = fc.oneof(
		fc.emailAddress().filter((e) => !/%[0-9A-Fa-f]{2}/.test(e)),
		fc
			.tuple(
				fc.stringMatching(/^[a-zà-öø-ÿ一-龥][a-z0-9à-öø-ÿ一-龥._+-]{0,15}$/),
				fc.stringMatching(/^[a-zà-öø-ÿ一-龥]{1,10}\.[a-z一-龥]{2,5}$/),
			)
			.map(([local, domain]) => `${local}@${domain}`),
	);
	const encodings = fc.constantFrom(
		(e: string) => e,
		(e: string) => e.replace('@', '%40'),
		(e: string) => e.replace('@', '%2540'),
		(e: string) => e.replace('@', '\\u0040'),
		(e: string) => e.replace('@', '&#64;'),
		(e: string) => encodeURIComponent(e),
	);

	it('never lets a generated address through, however it is written and whatever surrounds it', () => {
		fc.assert(
			fc.property(
				address,
				encodings,
				fc.constantFrom(' ', '\n', '(', ': ', '"', '<'),
				(email, encode, gap) => {
					const written = encode(email);
					const out = redact(`error${gap}${written}${gap === '(' ? ')' : gap}end`);
					const local = email.slice(0, email.lastIndexOf('@'));
					return (
						!out.includes(written) && !out.includes(`${local}@`) && out.includes('<email sha256:')
					);
				},
			),
			{ numRuns: 3000 },
		);
	});

	it('never lets a generated secret through in any of its forms', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8),
				(secret) => {
					const basic = Buffer.from(`${secret}:x`).toString('base64');
					const out = redact(`a ${secret} b ${secret.toUpperCase()} c Basic ${basic}`, [secret]);
					return (
						!out.includes(secret) && !out.includes(basic) && !out.includes(secret.toUpperCase())
					);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('NQL strings, read back by Ghost’s own NQL parser', () => {
	const parse = (filter: string) => nqlLang.parse(filter) as Record<string, unknown>;
	it.each([
		"o'neil@example.com",
		'back\\slash@example.com',
		'say"hi"@example.com',
		'end\\@example.com',
		'a,b+c@example.com',
	])('%s', (email) => expect(parse(emailFilter(email))).toEqual({ email }));
	it('round-trips any non-empty value', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 60 }), (value) => {
				expect(parse(`email:${nqlString(value)}`)).toEqual({ email: value });
			}),
			{ numRuns: 1000 },
		);
	});
});
