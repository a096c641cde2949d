import * as nqlLang from '@tryghost/nql-lang';
import fc from 'fast-check';

import { afterIdFilter, emailListFilters } from '../../nodes/domain/ghost/nql';
import {
	checkUnsubscribes,
	DEFAULT_UNSUBSCRIBE_LIMIT,
	unsubscribeLimitOf,
} from '../../nodes/domain/sync/unsubscribeLimit';

describe('the safety limit on unsubscribes', () => {
	const limit = DEFAULT_UNSUBSCRIBE_LIMIT;

	it('lets a small list’s few leavers through (the floor)', () => {
		expect(checkUnsubscribes(6, 6, limit)).toMatchObject({ exceeded: false, allowed: 20 });
	});

	it('stops above 10 % of Active once past the floor, and says how many and how to confirm', () => {
		const check = checkUnsubscribes(2_001, 20_000, limit);
		expect(check).toMatchObject({ exceeded: true, allowed: 2_000 });
		expect(check.message).toBe(
			'This run would unsubscribe 2001 of 20000 Active subscribers (10 %), more than the safety limit (10 % of Active, at least 20): nobody was unsubscribed. Check the Ghost credential and the Ghost Filter. If that is right, run it once with Options → Confirm Large Unsubscribe on; its adds and updates went through.',
		);
		expect(checkUnsubscribes(2_000, 20_000, limit).exceeded).toBe(false);
	});

	it('stops at any unsubscribe when Ghost read no member at all', () => {
		const check = checkUnsubscribes(1, 6, limit, true);
		expect(check.exceeded).toBe(true);
		expect(check.message).toMatch(
			/^Ghost returned no members, so this run would unsubscribe 1 of 6/,
		);
		expect(checkUnsubscribes(0, 6, limit, true).exceeded).toBe(false);
	});

	it.each([
		[{}, DEFAULT_UNSUBSCRIBE_LIMIT],
		[{ unsubscribeLimitPercent: 'abc', unsubscribeLimitFloor: -3 }, DEFAULT_UNSUBSCRIBE_LIMIT],
		[
			{ unsubscribeLimitPercent: 250, unsubscribeLimitFloor: 5.7 },
			{ percent: 100, floor: 5 },
		],
		[
			{ unsubscribeLimitPercent: 0, unsubscribeLimitFloor: 0 },
			{ percent: 0, floor: 0 },
		],
	])('reads the options %p as %p', (options, expected) => {
		expect(unsubscribeLimitOf(options)).toEqual(expected);
	});

	it('never lets more through than the larger of the floor and the share', () => {
		fc.assert(
			fc.property(
				fc.nat(100_000),
				fc.nat(100_000),
				fc.nat(100),
				fc.nat(500),
				(unsubscribes, active, percent, floor) => {
					const check = checkUnsubscribes(unsubscribes, active, { percent, floor });
					const most = Math.max(floor, Math.floor((active * percent) / 100));
					expect(check.exceeded).toBe(unsubscribes > most);
					expect(check.message === '').toBe(!check.exceeded);
				},
			),
		);
	});
});

describe('Ghost filters for reading by address and after an id', () => {
	const parse = (filter: string) => nqlLang.parse(filter);

	it('puts at most 100 addresses and about 4,000 characters in one filter, each quoted', () => {
		const emails = Array.from({ length: 250 }, (_, i) => `m${i}@example.com`);
		const filters = emailListFilters(emails);
		expect(filters).toHaveLength(3);
		expect(parse(filters[0])).toEqual({ email: { $in: emails.slice(0, 100) } });
		const long = Array.from({ length: 100 }, (_, i) => `${'x'.repeat(60)}${i}@example.com`);
		for (const filter of emailListFilters(long)) expect(filter.length).toBeLessThan(4_100);
	});

	it('narrows to the user’s filter and keeps quotes and commas literal', () => {
		const [filter] = emailListFilters(["o'brien,x@example.com"], 100, 'status:paid,label:vip');
		expect(parse(filter)).toEqual({
			$and: [
				{ $or: [{ status: 'paid' }, { label: 'vip' }] },
				{ email: { $in: ["o'brien,x@example.com"] } },
			],
		});
	});

	it('reads after an id, within the user’s filter', () => {
		expect(parse(afterIdFilter('65e2ee2f3c1a4b0001000063'))).toEqual({
			id: { $gt: '65e2ee2f3c1a4b0001000063' },
		});
		expect(parse(afterIdFilter('65e2ee2f3c1a4b0001000063', 'status:free'))).toEqual({
			$and: [{ status: 'free' }, { id: { $gt: '65e2ee2f3c1a4b0001000063' } }],
		});
	});
});
