import { RecentDeliveries } from '../../nodes/domain/security/recentDeliveries';
import { createHmac } from 'node:crypto';

import {
	DEFAULT_SIGNATURE_TOLERANCE_MS,
	MAX_FUTURE_SKEW_MS,
	verifyGhostSignature,
} from '../../nodes/domain/security/ghostSignature';
import { signGhostPayload } from '../harness/ghostSigning';
import added from '../fixtures/ghost/member.added.json';

const SECRET = 'a-webhook-secret-typed-in-ghost-admin';
const NOW = 1_772_443_200_000; // 2026-03-02T09:20:00Z, in milliseconds as Ghost uses
// Ghost signs JSON.stringify(payload), so the raw bytes are exactly that string.
const BODY = JSON.stringify({ ...added, event: 'member.added' });

/** Ghost's own algorithm (webhook-trigger.js), written out independently of the code under test. */
function ghostHeader(body: string, secret: string, ts: number) {
	const hmac = createHmac('sha256', secret).update(`${body}${ts}`).digest('hex');
	return `sha256=${hmac}, t=${ts}`;
}

describe('verifyGhostSignature', () => {
	it('accepts a header made by Ghost’s algorithm, over Buffer and string bodies', () => {
		const header = ghostHeader(BODY, SECRET, NOW - 1000);
		const digest = header.slice('sha256='.length, 'sha256='.length + 64);
		expect(verifyGhostSignature(Buffer.from(BODY), header, SECRET, { now: NOW })).toEqual({
			valid: true,
			timestamp: NOW - 1000,
			digest,
		});
		expect(verifyGhostSignature(BODY, header, SECRET, { now: NOW })).toEqual({
			valid: true,
			timestamp: NOW - 1000,
			digest,
		});
	});

	it('signGhostPayload produces exactly Ghost’s header', () => {
		expect(signGhostPayload(BODY, SECRET, NOW)).toBe(ghostHeader(BODY, SECRET, NOW));
	});

	it('verifies the raw bytes, not a re-serialised object (non-ASCII names, spacing)', () => {
		const raw = Buffer.from(
			'{"member": {"current": {"name": "Zoë Ñúñez"}, "previous": {}}}',
			'utf8',
		);
		const header = ghostHeader(raw.toString('utf8'), SECRET, NOW);
		expect(verifyGhostSignature(raw, header, SECRET, { now: NOW }).valid).toBe(true);
		const reserialised = JSON.stringify(JSON.parse(raw.toString('utf8')));
		expect(verifyGhostSignature(reserialised, header, SECRET, { now: NOW })).toEqual({
			valid: false,
			reason: 'signature_mismatch',
		});
	});

	it.each([
		[
			'a changed body byte',
			BODY.replace('Test Member', 'Test Membes'),
			ghostHeader(BODY, SECRET, NOW),
		],
		['another secret', BODY, ghostHeader(BODY, 'another secret', NOW)],
		[
			'a changed timestamp',
			BODY,
			ghostHeader(BODY, SECRET, NOW).replace(`t=${NOW}`, `t=${NOW - 1}`),
		],
		[
			'a flipped digest character',
			BODY,
			ghostHeader(BODY, SECRET, NOW).replace(
				/sha256=(.)/,
				(_m, c) => `sha256=${c === 'a' ? 'b' : 'a'}`,
			),
		],
	])('rejects %s as signature_mismatch', (_name, body, header) => {
		expect(verifyGhostSignature(body, header, SECRET, { now: NOW })).toEqual({
			valid: false,
			reason: 'signature_mismatch',
		});
	});

	it('refuses to verify without a secret, whatever the header says', () => {
		// A header computed with an empty key must not pass as "verified".
		const header = ghostHeader(BODY, '', NOW);
		expect(verifyGhostSignature(BODY, header, '', { now: NOW })).toEqual({
			valid: false,
			reason: 'missing_secret',
		});
		expect(
			verifyGhostSignature(BODY, header, undefined as unknown as string, { now: NOW }),
		).toEqual({
			valid: false,
			reason: 'missing_secret',
		});
	});

	it.each([undefined, '', '   '])('reports a missing header (%p)', (header) => {
		expect(verifyGhostSignature(BODY, header, SECRET, { now: NOW })).toEqual({
			valid: false,
			reason: 'missing_signature',
		});
	});

	it.each([
		'sha256=abc, t=1',
		`sha256=${'a'.repeat(64)}`,
		`t=${NOW}`,
		`sha1=${'a'.repeat(64)}, t=${NOW}`,
		`sha256=${'g'.repeat(64)}, t=${NOW}`,
		`sha256=${'a'.repeat(64)}, t=12.5`,
		`sha256=${'a'.repeat(64)}, t=-5`,
		`sha256=${'a'.repeat(64)}, t=${NOW}, t=${NOW}`,
		`sha256=${'a'.repeat(64)} t=${NOW}`,
		'garbage',
	])('rejects the malformed header %p', (header) => {
		expect(verifyGhostSignature(BODY, header, SECRET, { now: NOW })).toEqual({
			valid: false,
			reason: 'malformed_signature',
		});
	});

	it('accepts the header without the space after the comma and in upper-case hex', () => {
		const [digest] = ghostHeader(BODY, SECRET, NOW).split(',');
		const header = `${digest.replace(/sha256=(.*)/, (_m, hex: string) => `sha256=${hex.toUpperCase()}`)},t=${NOW}`;
		expect(verifyGhostSignature(BODY, header, SECRET, { now: NOW }).valid).toBe(true);
	});

	describe('time window (milliseconds)', () => {
		const at = (ts: number, toleranceMs?: number) =>
			verifyGhostSignature(BODY, ghostHeader(BODY, SECRET, ts), SECRET, { now: NOW, toleranceMs });

		it('defaults to five minutes, inclusive at the edge', () => {
			expect(DEFAULT_SIGNATURE_TOLERANCE_MS).toBe(300_000);
			expect(at(NOW - 300_000).valid).toBe(true);
			expect(at(NOW - 300_001)).toEqual({ valid: false, reason: 'timestamp_expired' });
		});

		it('uses a configured tolerance', () => {
			expect(at(NOW - 10_000, 10_000).valid).toBe(true);
			expect(at(NOW - 10_001, 10_000)).toEqual({ valid: false, reason: 'timestamp_expired' });
		});

		it('allows a little clock skew into the future, and no more', () => {
			expect(at(NOW + MAX_FUTURE_SKEW_MS).valid).toBe(true);
			expect(at(NOW + MAX_FUTURE_SKEW_MS + 1)).toEqual({
				valid: false,
				reason: 'timestamp_in_future',
			});
			expect(at(NOW + 2_000, 1_000)).toEqual({ valid: false, reason: 'timestamp_in_future' });
		});

		it('reads t as milliseconds: a seconds timestamp is decades old', () => {
			expect(at(Math.floor(NOW / 1000))).toEqual({ valid: false, reason: 'timestamp_expired' });
		});

		it('checks the window even when the signature is otherwise right (replays)', () => {
			const replayed = ghostHeader(BODY, SECRET, NOW - 3_600_000);
			expect(verifyGhostSignature(BODY, replayed, SECRET, { now: NOW })).toEqual({
				valid: false,
				reason: 'timestamp_expired',
			});
		});
	});

	it('never throws, whatever it is given', () => {
		const odd: unknown[] = [null, 42, {}, [], Symbol('x')];
		for (const body of odd) {
			for (const header of odd) {
				expect(() =>
					verifyGhostSignature(body as Buffer, header as string, SECRET, { now: NOW }),
				).not.toThrow();
				expect(
					verifyGhostSignature(body as Buffer, header as string, SECRET, { now: NOW }).valid,
				).toBe(false);
			}
		}
		const header = ghostHeader(BODY, SECRET, NOW);
		expect(verifyGhostSignature(null as unknown as Buffer, header, SECRET, { now: NOW })).toEqual({
			valid: false,
			reason: 'signature_mismatch',
		});
	});
});

describe('RecentDeliveries', () => {
	it('remembers a key until it expires, and stays bounded', () => {
		const recent = new RecentDeliveries(3);
		expect(recent.firstTime('a', 1_000, 0)).toBe(true);
		expect(recent.firstTime('a', 1_000, 500)).toBe(false);
		expect(recent.firstTime('a', 2_000, 1_000)).toBe(true); // expired, so new
		for (const key of ['b', 'c', 'd', 'e']) recent.firstTime(key, 5_000, 1_100);
		expect(recent.size).toBe(3);
		expect(recent.firstTime('e', 5_000, 1_200)).toBe(false);
		expect(recent.firstTime('x', 9_000, 6_000)).toBe(true);
		expect(recent.size).toBe(1); // the expired ones were dropped
	});
});
