import {
	diffMemberStatus,
	emptyState,
	ensureState,
	type StatusDiffInput,
} from '../../nodes/shared/statusDiff';

const at = (iso: string) => iso;
const base = (over: Partial<StatusDiffInput>): StatusDiffInput => ({
	event: 'member.edited',
	site: 'news',
	memberId: 'm1',
	status: 'free',
	previous: {},
	receivedAt: at('2026-03-02T10:00:00.000Z'),
	...over,
});

describe('diffMemberStatus', () => {
	it('treats a member seen for the first time as unchanged', () => {
		const state = emptyState();
		expect(diffMemberStatus(state, base({ event: 'member.added' }))).toEqual({
			status: 'free',
			statusChanged: false,
			previousStatus: null,
			statusChangedAt: null,
			statusSource: 'none',
		});
		expect(state.sites.news.m.m1).toEqual(['free', 0, '']);
	});

	it('trusts the webhook’s previous.status first', () => {
		const state = emptyState();
		diffMemberStatus(state, base({ status: 'paid' })); // state says paid
		const result = diffMemberStatus(
			state,
			base({ status: 'comped', previous: { status: 'free' } }),
		);
		expect(result).toEqual({
			status: 'comped',
			statusChanged: true,
			previousStatus: 'free',
			statusChangedAt: '2026-03-02T10:00:00.000Z',
			statusSource: 'payload',
		});
	});

	it('falls back to static data when the payload has no previous status', () => {
		const state = emptyState();
		diffMemberStatus(state, base({ status: 'free' }));
		const result = diffMemberStatus(
			state,
			base({ status: 'paid', receivedAt: '2026-03-05T08:00:00.000Z' }),
		);
		expect(result).toMatchObject({
			statusChanged: true,
			previousStatus: 'free',
			statusSource: 'state',
			statusChangedAt: '2026-03-05T08:00:00.000Z',
		});
	});

	it('falls back to the value stored in Campaign Monitor last', () => {
		const result = diffMemberStatus(
			emptyState(),
			base({ status: 'paid', campaignMonitorStatus: 'free' }),
		);
		expect(result).toMatchObject({
			statusChanged: true,
			previousStatus: 'free',
			statusSource: 'campaignMonitor',
		});
		const same = diffMemberStatus(
			emptyState(),
			base({ status: 'paid', campaignMonitorStatus: 'paid' }),
		);
		expect(same).toMatchObject({ statusChanged: false, statusSource: 'campaignMonitor' });
	});

	it('keeps reporting the last change on later unchanged events (a failed CM write is not lost)', () => {
		const state = emptyState();
		diffMemberStatus(
			state,
			base({
				status: 'paid',
				previous: { status: 'free' },
				receivedAt: '2026-03-02T10:00:00.000Z',
			}),
		);
		// Static data was saved even though the Campaign Monitor write failed; the next event re-emits the change.
		const later = diffMemberStatus(
			state,
			base({ status: 'paid', previous: { name: 'Old' }, receivedAt: '2026-03-09T10:00:00.000Z' }),
		);
		expect(later).toEqual({
			status: 'paid',
			statusChanged: false,
			previousStatus: 'free',
			statusChangedAt: '2026-03-02T10:00:00.000Z',
			statusSource: 'state',
		});
	});

	it('handles statuses Ghost may add (gift)', () => {
		const result = diffMemberStatus(
			emptyState(),
			base({ status: 'gift', previous: { status: 'free' } }),
		);
		expect(result).toMatchObject({ statusChanged: true, status: 'gift', previousStatus: 'free' });
	});

	it('forgets a deleted member and reports its last change', () => {
		const state = emptyState();
		diffMemberStatus(state, base({ status: 'paid', previous: { status: 'free' } }));
		const result = diffMemberStatus(state, base({ event: 'member.deleted', status: 'paid' }));
		expect(result).toMatchObject({
			statusChanged: false,
			previousStatus: 'free',
			statusSource: 'state',
		});
		expect(state.sites.news.m).toEqual({});
		expect(state.sites.news.n).toBe(0);
	});

	it('keeps sites apart', () => {
		const state = emptyState();
		diffMemberStatus(state, base({ site: 'a', status: 'paid' }));
		const other = diffMemberStatus(state, base({ site: 'b', status: 'free' }));
		expect(other).toMatchObject({ statusChanged: false, statusSource: 'none' });
		expect(Object.keys(state.sites).sort()).toEqual(['a', 'b']);
	});

	it('evicts the oldest written members beyond the cap (down to 90 % of it, at least one)', () => {
		const state = emptyState();
		for (const id of ['a', 'b', 'c']) diffMemberStatus(state, base({ memberId: id }), 3);
		diffMemberStatus(state, base({ memberId: 'a', status: 'paid' }), 3); // a is now the newest
		diffMemberStatus(state, base({ memberId: 'd' }), 3);
		expect(Object.keys(state.sites.news.m)).toEqual(['a', 'd']);
		expect(state.sites.news.n).toBe(2);

		const big = emptyState();
		for (let i = 0; i < 101; i++) diffMemberStatus(big, base({ memberId: `m${i}` }), 100);
		expect(big.sites.news.n).toBe(90);
		expect(Object.keys(big.sites.news.m)[0]).toBe('m11');
	});

	it('stays small: about 40 bytes per member', () => {
		const state = emptyState();
		for (let i = 0; i < 1000; i++) {
			diffMemberStatus(
				state,
				base({
					memberId: `65e2ee2f3c1a4b0001a${String(i).padStart(5, '0')}`,
					status: 'paid',
					previous: { status: 'free' },
				}),
			);
		}
		expect(JSON.stringify(state).length / 1000).toBeLessThan(60);
	});

	it('ensureState replaces an unknown shape, keeps a valid one', () => {
		const data: Record<string, unknown> = { junk: 1 };
		expect(ensureState(data)).toEqual({ v: 1, sites: {} });
		expect(data.junk).toBeUndefined();
		const kept = { v: 1, sites: { x: { m: {}, n: 0 } } };
		expect(ensureState(kept)).toBe(kept);
	});
});
