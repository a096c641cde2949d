import {
	buildCustomFields,
	fitList,
	fitText,
	normaliseFieldKey,
	toCmDate,
} from '../../nodes/domain/campaignMonitor/cmFields';
import { describeCmError } from '../../nodes/domain/campaignMonitor/cmErrors';
import { TokenBucket, workerShare } from '../../nodes/domain/http/rateLimiter';
import { emailReference, hashEmail, redact } from '../../nodes/domain/security/redact';
import { decideRetry } from '../../nodes/domain/http/retryPolicy';

describe('decideRetry', () => {
	const settings = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };
	it('waits for X-RateLimit-Reset on 429', () => {
		expect(
			decideRetry(
				{ attempt: 0, status: 429, rateLimitResetSeconds: 2, idempotent: false },
				settings,
			),
		).toEqual({ retry: true, delayMs: 2100 });
	});
	it('gives up when the reset is longer than the longest wait', () => {
		expect(
			decideRetry(
				{ attempt: 0, status: 429, rateLimitResetSeconds: 348, idempotent: true },
				settings,
			),
		).toEqual({
			retry: false,
			reason: 'rate limit resets in 348 s, longer than the retry wait allows',
		});
	});
	it('backs off exponentially on 5xx and on a 429 without headers', () => {
		const delays = [0, 1, 2].map((attempt) =>
			decideRetry({ attempt, status: 503, idempotent: true, random: 0 }, settings),
		);
		expect(delays).toEqual([
			{ retry: true, delayMs: 500 },
			{ retry: true, delayMs: 1000 },
			{ retry: true, delayMs: 2000 },
		]);
		expect(
			decideRetry({ attempt: 1, status: 429, idempotent: false, random: 0 }, settings),
		).toEqual({ retry: true, delayMs: 1000 });
	});
	it.each([400, 401, 403, 404])('never retries %i', (status) => {
		expect(decideRetry({ attempt: 0, status, idempotent: true }, settings).retry).toBe(false);
	});
	it('never sends a create again after a 5xx (the service may have acted; its caller checks first)', () => {
		expect(decideRetry({ attempt: 0, status: 500, idempotent: false }, settings)).toEqual({
			retry: false,
			reason: 'HTTP 500, and the request is not safe to repeat',
		});
	});
	it('retries a lost connection only for idempotent calls', () => {
		expect(decideRetry({ attempt: 0, idempotent: true, random: 0 }, settings)).toEqual({
			retry: true,
			delayMs: 500,
		});
		expect(decideRetry({ attempt: 0, idempotent: false }, settings).retry).toBe(false);
	});
	it('stops after maxRetries', () => {
		expect(decideRetry({ attempt: 3, status: 500, idempotent: true }, settings)).toEqual({
			retry: false,
			reason: 'retries exhausted',
		});
	});
	it('caps backoff at maxDelayMs', () => {
		expect(
			decideRetry(
				{ attempt: 9, status: 500, idempotent: true, random: 1 },
				{ ...settings, maxRetries: 20 },
			),
		).toEqual({ retry: true, delayMs: 30_000 });
	});
});

describe('TokenBucket', () => {
	it('lets a burst through, then spaces requests at the rate', () => {
		const bucket = new TokenBucket(10, 3, 0);
		expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 0]);
		expect(bucket.reserve(0)).toBe(100);
		expect(bucket.reserve(0)).toBe(200);
	});
	it('refills over time, up to the burst', () => {
		const bucket = new TokenBucket(10, 2, 0);
		bucket.reserve(0);
		bucket.reserve(0);
		expect(bucket.reserve(1000)).toBe(0);
		expect(bucket.reserve(1000)).toBe(0);
		expect(bucket.reserve(1000)).toBe(100);
	});
	it('refuses nonsense settings', () => {
		expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
	});
});

describe('workerShare (queue mode: each worker counts on its own)', () => {
	it('splits the list budget between workers, so together they stay inside it', () => {
		expect(workerShare(10, 20, 2)).toEqual({ ratePerSecond: 5, burst: 10 });
		expect(workerShare(10, 20, 3)).toEqual({ ratePerSecond: 10 / 3, burst: 6 });
		const share = workerShare(10, 20, 2);
		// Two workers, each sending as fast as its bucket allows for 10 s: together no more than
		// one bucket with the whole budget would let through (burst 20 + 10/s × 10 s).
		const sent = [0, 1].map(() => {
			const bucket = new TokenBucket(share.ratePerSecond, share.burst, 0);
			let granted = 0;
			for (let t = 0; ; granted++) {
				t += bucket.reserve(t);
				if (t > 10_000) return granted;
			}
		});
		expect(sent.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120);
		expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(118);
	});
	it('keeps a burst of at least 1 and reads a missing or silly worker count as 1', () => {
		expect(workerShare(10, 3, 8)).toEqual({ ratePerSecond: 1.25, burst: 1 });
		expect(workerShare(10, 20, Number.NaN)).toEqual({ ratePerSecond: 10, burst: 20 });
		expect(workerShare(10, 20, 0)).toEqual({ ratePerSecond: 10, burst: 20 });
	});
});

describe('custom field values', () => {
	it('normalises keys with and without brackets', () => {
		expect(normaliseFieldKey('[ghost_status]')).toBe('ghost_status');
		expect(normaliseFieldKey(' ghost_status ')).toBe('ghost_status');
	});
	it.each([
		['2026-03-02T23:59:59.000Z', '2026-03-02'],
		['2026-03-02', '2026-03-02'],
		[new Date(Date.UTC(2020, 0, 31)), '2020-01-31'],
		['1899-12-31', undefined],
		['2076-06-07', undefined],
		['yesterday', undefined],
		['', undefined],
		[null, undefined],
	])('toCmDate(%p) = %p', (value, expected) => {
		expect(toCmDate(value)).toBe(expected);
	});
	it('fits labels into 250 characters without cutting one in half', () => {
		const labels = Array.from({ length: 30 }, (_, i) => `a-long-label-name-${i}`);
		const fitted = fitList(labels);
		expect(fitted.length).toBeLessThanOrEqual(250);
		expect(fitted.split(', ')).toEqual(labels.slice(0, fitted.split(', ').length));
		expect(fitList(['x'.repeat(300), 'short'])).toBe('short');
	});
	it('cuts text at 250 without splitting an emoji', () => {
		expect(fitText('a'.repeat(300))).toHaveLength(250);
		const cut = fitText(`${'a'.repeat(249)}😀`);
		expect(cut).toBe('a'.repeat(249));
	});
	it('builds fields by data type, repeating multi-select keys', () => {
		const definitions = [
			{
				FieldName: 'tags',
				Key: '[tags]',
				DataType: 'MultiSelectMany',
				FieldOptions: ['a', 'b', 'c'],
			},
			{ FieldName: 'age', Key: '[age]', DataType: 'Number' },
			{ FieldName: 'enabled', Key: '[enabled]', DataType: 'Text' },
		];
		expect(
			buildCustomFields({ tags: 'a, c, z', age: '42', enabled: true, '[unknown]': 1 }, definitions),
		).toEqual({
			fields: [
				{ Key: 'tags', Value: 'a' },
				{ Key: 'tags', Value: 'c' },
				{ Key: 'age', Value: '42' },
				{ Key: 'enabled', Value: 'true' },
			],
			issues: [
				{ key: 'tags', reason: '"z" is not one of the field\'s options' },
				{ key: 'unknown', reason: 'the list has no such custom field' },
			],
		});
		expect(buildCustomFields({ age: '' }, definitions, { clearEmpty: true }).fields).toEqual([
			{ Key: 'age', Value: '', Clear: true },
		]);
		expect(buildCustomFields({ age: null }, definitions).fields).toEqual([]);
	});
});

describe('redaction and CM errors', () => {
	it('hashes emails (case-insensitive) and removes secrets', () => {
		expect(hashEmail('A@Example.com')).toBe(hashEmail('a@example.com'));
		expect(redact('failed for jamie+x@example.com with key sk-123456', ['sk-123456'])).toBe(
			`failed for ${emailReference('jamie+x@example.com')} with key [redacted]`,
		);
		expect(redact('GET /subscribers/x.json?email=jamie%40example.com&x=1')).toBe(
			'GET /subscribers/x.json?email=[email]&x=1',
		);
		expect(redact("GET /members/?filter=email%3A'jamie%40example.com'")).toBe(
			`GET /members/?filter=email%3A'${emailReference('jamie@example.com')}'`,
		);
	});
	it('describes CM errors with a hint', () => {
		expect(
			describeCmError(400, {
				Code: 203,
				Message: 'Subscriber not in list or has already been removed.',
			}),
		).toEqual({
			status: 400,
			code: 203,
			message: 'Subscriber not in list or has already been removed.',
			hint: 'The subscriber is not in this list (or was removed). Use "Add or Update" to create it.',
		});
		expect(describeCmError(502, '<html>')).toMatchObject({
			message: 'Campaign Monitor answered HTTP 502',
			hint: expect.stringMatching(/retried/),
		});
		expect(describeCmError(undefined, undefined).message).toBe('Campaign Monitor did not answer');
	});
});
