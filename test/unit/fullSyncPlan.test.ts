import { ghostRecord, type CmRecord } from '../../nodes/domain/sync/fullSyncPlan';
import { member, synced } from '../helpers/records';
import { planFullSync, planSummary } from '../helpers/wholePlan';
import { emailFilter, nqlString } from '../../nodes/domain/ghost/nql';

const cm = (...records: CmRecord[]) => new Map(records.map((r) => [r.email.toLowerCase(), r]));

describe('planFullSync', () => {
	it('adds subscribed members missing from CM, not members with the newsletter off', () => {
		const plan = planFullSync(
			[ghostRecord(member('a@x.com')), ghostRecord(member('off@x.com', { subscribed: false }))],
			cm(),
		);
		expect(plan.add.map((g) => g.email)).toEqual(['a@x.com']);
		expect(planSummary(plan)).toMatchObject({ add: 1, unchanged: 1 });
	});

	it('updates when a compared field or the name differs, and leaves equal ones alone', () => {
		const plan = planFullSync(
			[
				ghostRecord(member('a@x.com', { status: 'paid' })),
				ghostRecord(member('b@x.com')),
				ghostRecord(member('c@x.com', { name: 'New Name' })),
			],
			cm(synced('a@x.com'), synced('b@x.com'), synced('c@x.com')),
		);
		expect(plan.update.map((g) => g.email)).toEqual(['a@x.com', 'c@x.com']);
		expect(plan.unchanged).toBe(1);
	});

	it('unsubscribes members who opted out in Ghost and synced members gone from Ghost', () => {
		const plan = planFullSync(
			[ghostRecord(member('off@x.com', { subscribed: false }))],
			cm(synced('off@x.com'), synced('gone@x.com')),
		);
		expect(plan.unsubscribe.sort()).toEqual(['gone@x.com', 'off@x.com']);
	});

	it('keeps CM opt-outs (skip) and only reports orphans that never came from Ghost', () => {
		const orphan: CmRecord = { email: 'orphan@x.com', state: 'Active', name: 'O', fields: {} };
		const plan = planFullSync(
			[ghostRecord(member('u@x.com')), ghostRecord(member('b@x.com'))],
			cm(synced('u@x.com', 'Unsubscribed'), synced('b@x.com', 'Bounced'), orphan),
		);
		expect(plan.skip.map((s) => [s.email, s.reason])).toEqual([
			['u@x.com', 'Unsubscribed in Campaign Monitor: their opt-out is kept'],
			['b@x.com', 'Bounced in Campaign Monitor: their opt-out is kept'],
		]);
		expect(plan.orphans).toEqual(['orphan@x.com']);
		expect(plan.unsubscribe).toEqual([]);
		expect(planFullSync([], cm(orphan), { unsubscribeOrphans: true }).unsubscribe).toEqual([
			'orphan@x.com',
		]);
	});

	it('with CM → Ghost on, plans Ghost unsubscribes for members who unsubscribed in CM', () => {
		const plan = planFullSync(
			[ghostRecord(member('u@x.com'))],
			cm(synced('u@x.com', 'Unsubscribed')),
			{ campaignMonitorToGhost: true },
		);
		expect(plan.unsubscribeInGhost.map((g) => g.id)).toEqual(['id-u@x.com']);
		expect(plan.skip).toEqual([]);
	});

	it('does not guess renames: the new address is added, the old one unsubscribed', () => {
		const plan = planFullSync([ghostRecord(member('new@x.com'))], cm(synced('old@x.com')));
		expect(plan.add.map((g) => g.email)).toEqual(['new@x.com']);
		expect(plan.unsubscribe).toEqual(['old@x.com']);
	});

	it('matches emails case-insensitively and plans nothing when both sides agree', () => {
		const plan = planFullSync(
			[ghostRecord(member('Mixed@X.com'))],
			cm(synced('mixed@x.com', 'Active')).set('mixed@x.com', {
				...synced('mixed@x.com'),
				name: 'Mixed',
			}),
		);
		expect(planSummary(plan)).toMatchObject({
			add: 0,
			update: 0,
			unsubscribe: 0,
			unsubscribeInGhost: 0,
		});
		expect(plan.unchanged).toBe(1);
	});
});

describe('NQL escaping', () => {
	it.each([
		['a@b.com', "email:'a@b.com'"],
		['first+tag@b.com', "email:'first+tag@b.com'"],
		["o'neil@b.com", "email:'o\\'neil@b.com'"],
		['back\\slash@b.com', "email:'back\\slash@b.com'"],
	])('%s', (email, filter) => {
		expect(emailFilter(email)).toBe(filter);
	});
	it('quotes commas and spaces so they stay literal', () => {
		expect(nqlString('a,b c')).toBe("'a,b c'");
	});
});
