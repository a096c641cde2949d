// Who is in the Campaign Monitor list, on real Ghost payload shapes (member.added from Ghost 6.65;
// a newsletter change as Ghost 6.65 reports it: changedKeys ["newsletters"], previous.newsletters
// the old list, member.subscribed the new overall state, no previous.subscribed).
import { ghostRecord } from '../../nodes/domain/sync/fullSyncPlan';
import { planFullSync } from '../helpers/wholePlan';
import {
	belongsInList,
	decideListAction,
	getsNewsletters,
	optedIn,
	suppressionOf,
} from '../../nodes/domain/sync/listRule';
import added from '../fixtures/ghost/member.added.json';
import deleted from '../fixtures/ghost/member.deleted.json';

const member = added.member.current as Record<string, unknown>;
const newsletter = (member.newsletters as Array<Record<string, unknown>>)[0];
const optedOut: Record<string, unknown> = { ...member, subscribed: false, newsletters: [] };
const optOutEdit = { previous: { newsletters: [newsletter] } };
const optInEdit = { previous: { newsletters: [] } };

describe('the list rule (members who get newsletters)', () => {
	const decide = (
		event: string,
		m: Record<string, unknown>,
		previous: Record<string, unknown> = {},
	) => decideListAction(event, m, previous, 'newsletterSubscribers');

	it('a new member with a newsletter is a fresh opt-in: Active, resubscribed', () => {
		expect(decide('member.added', member)).toMatchObject({
			action: 'upsert',
			resubscribe: true,
			email: member.email,
		});
	});

	it('a new member without newsletters is not added (Unsubscribed)', () => {
		expect(decide('member.added', optedOut)).toMatchObject({
			action: 'unsubscribe',
			resubscribe: false,
		});
	});

	it('unsubscribing from every newsletter unsubscribes in Campaign Monitor', () => {
		expect(decide('member.edited', optedOut, optOutEdit.previous)).toMatchObject({
			action: 'unsubscribe',
			email: member.email,
		});
	});

	it('opting back in resubscribes', () => {
		expect(decide('member.edited', member, optInEdit.previous)).toMatchObject({
			action: 'upsert',
			resubscribe: true,
		});
		expect(decide('member.edited', member, { subscribed: false })).toMatchObject({
			resubscribe: true,
		}); // older payloads
	});

	it('any other edit keeps an opt-out made in Campaign Monitor (no resubscribe)', () => {
		expect(decide('member.edited', member, { name: 'Old' })).toMatchObject({
			action: 'upsert',
			resubscribe: false,
		});
		// Switching from one newsletter to another is not an opt-in.
		expect(
			decide('member.edited', member, { newsletters: [{ ...newsletter, id: 'x' }] }),
		).toMatchObject({ resubscribe: false });
	});

	it('an opt-out together with an email change unsubscribes the address Campaign Monitor knows', () => {
		expect(
			decide(
				'member.edited',
				{ ...optedOut, email: 'new@example.com' },
				{ email: 'old@example.com', newsletters: [newsletter] },
			),
		).toMatchObject({
			action: 'unsubscribe',
			email: 'old@example.com',
		});
	});

	it('a deleted member is removed (the workflow unsubscribes or deletes)', () => {
		const was = deleted.member.previous as Record<string, unknown>;
		expect(decide('member.deleted', {}, was).action).toBe('remove');
	});

	it('a payload that says nothing about newsletters is not an opt-out', () => {
		expect(getsNewsletters({ email: 'a@b.c' })).toBeUndefined();
		expect(decide('member.edited', { email: 'a@b.c' }, { name: 'x' })).toMatchObject({
			action: 'upsert',
			resubscribe: false,
		});
	});

	it('archived newsletters do not count', () => {
		expect(getsNewsletters({ newsletters: [{ ...newsletter, status: 'archived' }] })).toBe(false);
		expect(
			optedIn(
				'member.edited',
				{ newsletters: [newsletter] },
				{ newsletters: [{ ...newsletter, status: 'archived' }] },
			),
		).toBe(true);
	});
});

describe('the list rule (all members)', () => {
	it('keeps everyone in the list; a fresh opt-in still resubscribes', () => {
		expect(
			decideListAction('member.edited', optedOut, optOutEdit.previous, 'allMembers'),
		).toMatchObject({ action: 'upsert', resubscribe: false });
		expect(decideListAction('member.added', optedOut, {}, 'allMembers')).toMatchObject({
			action: 'upsert',
			resubscribe: false,
		});
		expect(
			decideListAction('member.edited', member, optInEdit.previous, 'allMembers'),
		).toMatchObject({ action: 'upsert', resubscribe: true });
		expect(belongsInList(optedOut, 'allMembers')).toBe(true);
	});
});

describe('the full sync follows the same rule', () => {
	const cm = new Map([
		[
			String(optedOut.email).toLowerCase(),
			{
				email: String(optedOut.email),
				state: 'Active',
				name: '',
				fields: { ghost_status: 'free' },
			},
		],
	]);
	it('unsubscribes an opted-out member by default, keeps them with "all members"', () => {
		expect(planFullSync([ghostRecord(optedOut)], cm).unsubscribe).toEqual([optedOut.email]);
		expect(planFullSync([ghostRecord(optedOut, 'allMembers')], cm).unsubscribe).toEqual([]);
	});
	it('adds a member without newsletters only with "all members"', () => {
		expect(planFullSync([ghostRecord(optedOut)], new Map()).add).toHaveLength(0);
		expect(planFullSync([ghostRecord(optedOut, 'allMembers')], new Map()).add).toHaveLength(1);
	});
	it('agrees with the live sync on every combination', () => {
		for (const m of [member, optedOut]) {
			for (const membership of ['newsletterSubscribers', 'allMembers'] as const) {
				const live = decideListAction('member.edited', m, {}, membership).action === 'upsert';
				expect(ghostRecord(m, membership).inList).toBe(live);
			}
		}
	});
});

// Ghost 6.65 marks a member `email_disabled` on a spam complaint or a hard bounce; the Admin API
// shows `email_suppression: { suppressed, info }` (info from its suppression list: reason 'spam' or
// 'fail'), while the member keeps its newsletters.
describe('Ghost’s suppressions count as opt-outs', () => {
	const suppressed = (reason: string | null) => ({
		...member,
		email_suppression: {
			suppressed: true,
			info: reason ? { reason, timestamp: '2026-11-30T10:00:00.000Z' } : null,
		},
	});

	it('tells why: spam, bounce, or suppressed (email_disabled with nothing in the list)', () => {
		expect(suppressionOf(suppressed('spam'))).toBe('spam');
		expect(suppressionOf(suppressed('fail'))).toBe('bounce');
		expect(suppressionOf(suppressed(null))).toBe('suppressed');
		expect(
			suppressionOf({ ...member, email_disabled: true, email_suppression: { suppressed: false } }),
		).toBe('suppressed');
		expect(suppressionOf({ ...member, email_suppression: { suppressed: false, info: null } })).toBe(
			null,
		);
		// A webhook payload says nothing either way.
		expect(suppressionOf(member)).toBeUndefined();
	});

	it.each(['newsletterSubscribers', 'allMembers'] as const)(
		'a suppressed member with newsletters is unsubscribed (%s), never resubscribed',
		(membership) => {
			const m = suppressed('spam');
			expect(getsNewsletters(m)).toBe(true);
			expect(belongsInList(m, membership)).toBe(false);
			for (const [event, previous] of [
				['member.added', {}],
				['member.edited', optInEdit.previous],
				['member.edited', { name: 'Old' }],
			] as const)
				expect(decideListAction(event, m, previous, membership)).toMatchObject({
					action: 'unsubscribe',
					resubscribe: false,
					reason: 'Ghost suppresses their email (spam complaint)',
				});
		},
	);

	it('the full sync unsubscribes an Active suppressed member and leaves an Unsubscribed one', () => {
		const ghost = ghostRecord(suppressed('fail'));
		expect(ghost.inList).toBe(false);
		const cm = (state: string) =>
			new Map([
				[ghost.email, { email: ghost.email, state, name: '', fields: { ghost_status: 'free' } }],
			]);
		expect(planFullSync([ghost], cm('Active')).unsubscribe).toEqual([ghost.email]);
		expect(planFullSync([ghost], cm('Unsubscribed'))).toMatchObject({ unsubscribe: [], skip: [] });
		// Not even "Unsubscribe in Ghost": the opt-out is Ghost's own.
		expect(
			planFullSync([ghost], cm('Unsubscribed'), { campaignMonitorToGhost: true })
				.unsubscribeInGhost,
		).toEqual([]);
	});
});
