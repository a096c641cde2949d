import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { FakeGhost, makeMembers, makeSignup } from '../ghost-fake/server';
import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';
import { DEFAULT_GHOST_FIELDS, GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';

const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;
const NODE = 'Member Full Sync';

function syncWorkflow(dryRun: boolean, options: IDataObject = {}): WorkflowJson {
	return {
		nodes: [
			{
				id: 'f0000000-0000-4000-8000-000000000001',
				name: NODE,
				type: 'n8n-nodes-ghost-campaign-monitor.memberFullSync',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					list: { __rl: true, mode: 'id', value: LIST },
					dryRun,
					options,
					requestOptions: { requestsPerSecond: 1000, burst: 1000 },
				} as never,
				credentials: {
					ghostMembersAdminApi: { id: 'g', name: 'Ghost' },
					campaignMonitorApi: { id: 'c', name: 'CM' },
				},
			},
		],
		connections: {},
	};
}

let sim: CampaignMonitorSimulator;
let ghost: FakeGhost;
const run = (wf: WorkflowJson, options?: Parameters<typeof runWorkflow>[2]) =>
	runWorkflow(
		wf,
		{
			ghostMembersAdminApi: {
				url: ghost.url,
				apiKey: ADMIN_KEY,
				allowHttp: true,
				acceptVersion: 'v6.0',
			},
			campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
		},
		options,
	);
const subscribers = () => sim.account.snapshot().lists.find((l) => l.ListID === LIST)!.subscribers;
const cmAdd = (email: string, customFields: Array<{ Key: string; Value: string }>, name = 'X') =>
	fetch(`${sim.url}/subscribers/${LIST}.json`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from('sim-api-key:x').toString('base64')}`,
			'Content-Type': 'application/json',
		},
		body: JSON.stringify({
			EmailAddress: email,
			Name: name,
			ConsentToTrack: 'Yes',
			CustomFields: customFields,
		}),
	});

beforeEach(async () => {
	sim = await startSimulator();
	for (const spec of DEFAULT_GHOST_FIELDS) sim.account.createCustomField(LIST, spec);
	// 250 members, every 10th with the newsletter off.
	ghost = await new FakeGhost({ members: makeMembers(250), adminKey: ADMIN_KEY }).listen();
	await cmAdd('member1@example.com', [{ Key: 'ghost_status', Value: 'paid' }], 'Member 1'); // outdated: update
	await cmAdd('member2@example.com', [{ Key: 'ghost_status', Value: 'free' }], 'Member 2');
	sim.account.setState(LIST, 'member2@example.com', 'Unsubscribed'); // CM opt-out: skip
	await cmAdd('member10@example.com', [{ Key: 'ghost_status', Value: 'paid' }], 'Member 10'); // newsletter off in Ghost: unsubscribe
	await cmAdd('gone@example.com', [{ Key: 'ghost_status', Value: 'free' }], 'Gone'); // deleted in Ghost by a bulk action: unsubscribe
	await cmAdd('orphan@example.com', [], 'Orphan'); // never from Ghost: report
});
afterEach(async () => {
	await sim.close();
	await ghost.close();
});

describe('Member Full Sync in n8n’s WorkflowExecute (fake Ghost, CM simulator)', () => {
	it('Continue On Fail: a failed sync becomes one error item (with its HTTP code) instead of stopping the workflow', async () => {
		ghost.failNext = [401, 401, 401, 401];
		const workflow = syncWorkflow(true);
		(workflow.nodes[0] as { onError?: string }).onError = 'continueRegularOutput';
		const result = await run(workflow);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toEqual([
			{
				error: 'Ghost refused the Admin API key',
				description: expect.anything(),
				httpCode: '401',
				code: null,
			},
		]);
	});

	it('without Continue On Fail the same failure stops the run with n8n’s error, HTTP code kept', async () => {
		ghost.failNext = [401];
		const result = await run(syncWorkflow(true));
		expect(result.error?.message).toBe('Ghost refused the Admin API key');
		expect(result.error?.httpCode).toBe('401');
	});

	it('dry run: reports the plan and changes nothing', async () => {
		const before = JSON.stringify(sim.account.snapshot());
		const result = await run(syncWorkflow(true));
		expect(result.error).toBeUndefined();
		const [summary, ...detail] = result.output(NODE);
		expect(summary).toMatchObject({
			dryRun: true,
			ghostMembers: 250,
			campaignMonitorSubscribers: 5,
			// 225 subscribed members, minus member1 (update) and member2 (skip) already in CM: 223 adds.
			plan: { add: 223, update: 1, unsubscribe: 2, skip: 1, orphans: 1, unsubscribeInGhost: 0 },
			// 3 pages, then 1 read of the not-seen addresses before planning their unsubscribe.
			requests: { ghostRequests: 4, campaignMonitorRequests: 4, total: 8 },
		});
		expect(detail).toHaveLength(228);
		expect(
			detail
				.filter((d) => d.action === 'unsubscribe')
				.map((d) => d.email)
				.sort(),
		).toEqual(['gone@example.com', 'member10@example.com']);
		expect(detail.find((d) => d.action === 'skip')).toMatchObject({
			email: 'member2@example.com',
			reason: 'Unsubscribed in Campaign Monitor: their opt-out is kept',
		});
		expect(JSON.stringify(sim.account.snapshot())).toBe(before);
	});

	it('real run: makes the list match Ghost in bulk; a second run plans nothing', async () => {
		const applied = await run(syncWorkflow(false, { detailLimit: 0 }));
		expect(applied.error).toBeUndefined();
		const [summary] = applied.output(NODE);
		expect(summary).toMatchObject({
			dryRun: false,
			// 224 members, and member10@'s fields before it is unsubscribed.
			applied: { imported: 225, unsubscribed: 2, ghostUnsubscribed: 0, failures: [] },
			// 3 Ghost pages + 1 by address; 4 CM reads, 1 import (225 ≤ 1000), 2 unsubscribes.
			requests: { ghostRequests: 4, campaignMonitorRequests: 7 },
		});
		expect(applied.output(NODE)).toHaveLength(1);
		const list = subscribers();
		const state = (email: string) => list.find((s) => s.EmailAddress === email)?.State;
		expect(list.filter((s) => s.State === 'Active')).toHaveLength(224 + 1); // + the orphan, reported only
		expect(state('member10@example.com')).toBe('Unsubscribed');
		// Why, in the fields segments and journeys read: written before the unsubscribe.
		expect(
			list.find((s) => s.EmailAddress === 'member10@example.com')?.CustomFields,
		).toContainEqual({ Key: 'ghost_email_enabled', Value: 'false' });
		expect(state('gone@example.com')).toBe('Unsubscribed');
		expect(state('member2@example.com')).toBe('Unsubscribed');
		expect(state('orphan@example.com')).toBe('Active');
		expect(list.find((s) => s.EmailAddress === 'member1@example.com')?.CustomFields).toContainEqual(
			{ Key: 'ghost_status', Value: 'free' },
		);
		expect(list.find((s) => s.EmailAddress === 'member7@example.com')?.CustomFields).toContainEqual(
			{ Key: 'ghost_status', Value: 'paid' },
		);

		const again = await run(syncWorkflow(false));
		expect(again.output(NODE)[0]).toMatchObject({
			plan: { add: 0, update: 0, unsubscribe: 0, unsubscribeInGhost: 0, skip: 1, orphans: 1 },
		});
	});

	it('optionally unsubscribes orphans and carries CM unsubscribes back to Ghost', async () => {
		const result = await run(
			syncWorkflow(false, { unsubscribeOrphans: true, campaignMonitorToGhost: true }),
		);
		expect(result.output(NODE)[0]).toMatchObject({
			plan: { unsubscribe: 3, unsubscribeInGhost: 1, skip: 0 },
			applied: { ghostUnsubscribed: 1 },
		});
		expect(ghost.members.find((m) => m.email === 'member2@example.com')).toMatchObject({
			subscribed: false,
			newsletters: [],
		});
	});

	it('signs each Ghost request afresh: a sync longer than the 5-minute token life does not fail', async () => {
		let clock = Date.now();
		const realNow = Date.now;
		// Every Ghost request moves the clock 4 minutes: a token reused across pages would expire.
		ghost.now = () => clock;
		const spy = jest.spyOn(Date, 'now').mockImplementation(() => clock);
		const original = ghost.members;
		try {
			const pages = original.length / 100;
			const server = ghost as unknown as { handle: (req: unknown, res: unknown) => void };
			const handle = server.handle.bind(ghost);
			server.handle = (req, res) => {
				handle(req, res);
				clock += 4 * 60_000;
			};
			const result = await run(syncWorkflow(true, { detailLimit: 0 }));
			expect(result.error).toBeUndefined();
			expect(ghost.rejected).toBe(0);
			expect(ghost.requests).toBe(Math.ceil(pages) + 1); // + the not-seen addresses
		} finally {
			spy.mockRestore();
			expect(Date.now).toBe(realNow);
		}
	});

	describe('never unsubscribes a member Ghost still has', () => {
		const fromGhost = (status = 'free') => [{ Key: 'ghost_status', Value: status }];
		const active = () => subscribers().filter((x) => x.State === 'Active');

		it('members deleted while the read pages through Ghost shift no page: every other member stays Active', async () => {
			await run(syncWorkflow(false, { detailLimit: 0 }));
			// The first page's members delete their accounts right after it is read.
			const firstPage = new Set(ghost.members.slice(0, 100).map((m) => m.id));
			let deleted = 0;
			ghost.afterMemberRead = (id: string) => {
				if (firstPage.has(id) && deleted < 40) {
					deleted++;
					ghost.members = ghost.members.filter((m) => m.id !== id);
				}
			};
			const result = await run(syncWorkflow(false, { detailLimit: 0 }));
			ghost.afterMemberRead = undefined;
			expect(result.error).toBeUndefined();
			const inGhost = new Set(ghost.members.filter((m) => m.subscribed).map((m) => m.email));
			const wronglyUnsubscribed = subscribers().filter(
				(x) => inGhost.has(x.EmailAddress) && x.State !== 'Active',
			);
			expect(deleted).toBe(40);
			expect(wronglyUnsubscribed.map((x) => x.EmailAddress)).toEqual([]);
		});

		it('a subscriber the read missed is found by address and kept', async () => {
			// Campaign Monitor's address differs in case only: the page read keys it lower-case.
			ghost.members[3].email = 'Member3@Example.com';
			await cmAdd('member3@example.com', fromGhost(), 'Member 3');
			const result = await run(syncWorkflow(false));
			expect(result.output(NODE)[0]).toMatchObject({ plan: { unsubscribe: 2 } });
			expect(subscribers().find((x) => x.EmailAddress === 'member3@example.com')?.State).toBe(
				'Active',
			);
		});

		it('leaves subscribers outside the Ghost Filter as they are, unless told', async () => {
			const filtered = { ghostFilter: 'status:paid' };
			const dry = await run(syncWorkflow(true, filtered));
			const [summary, ...detail] = dry.output(NODE);
			expect(summary).toMatchObject({ plan: { unsubscribe: 1 } }); // gone@ only
			expect(detail.find((d) => d.email === 'member1@example.com')).toMatchObject({
				action: 'skip',
				reason: 'in Ghost, outside the Ghost Filter: left as it is',
			});
			const told = await run(syncWorkflow(false, { ...filtered, unsubscribeOutsideFilter: true }));
			// member1@ and member10@ (free, outside status:paid) and gone@.
			expect(told.output(NODE)[0]).toMatchObject({ applied: { unsubscribed: 3 } });
			expect(subscribers().find((x) => x.EmailAddress === 'member1@example.com')?.State).toBe(
				'Unsubscribed',
			);
		});

		it('a Ghost that reads empty unsubscribes nobody: the run fails and says how to confirm', async () => {
			ghost.members = [];
			const dry = await run(syncWorkflow(true));
			expect(dry.output(NODE)[0]).toMatchObject({
				plan: { unsubscribe: 3 },
				safetyLimit: { unsubscribes: 3, allowed: 0, confirmed: false },
			});
			const applied = await run(syncWorkflow(false));
			expect(applied.error?.message).toMatch(
				/^Ghost returned no members, so this run would unsubscribe 3 of 4 Active subscribers: nobody was unsubscribed\..*Confirm Large Unsubscribe/,
			);
			expect(active()).toHaveLength(4);
		});

		it('above the share of Active and the floor, adds and updates go through and nobody is unsubscribed', async () => {
			for (let i = 0; i < 30; i++) await cmAdd(`left${i}@example.com`, fromGhost());
			const applied = await run(syncWorkflow(false, { unsubscribeLimitPercent: 10 }));
			// 224 imported first; 32 unsubscribes > max(20, 10 % of 34 Active).
			expect(applied.error?.message).toMatch(
				/^This run would unsubscribe 32 of 34 Active subscribers \(94\.1 %\), more than the safety limit \(10 % of Active, at least 20\): nobody was unsubscribed/,
			);
			expect(active().length).toBe(34 + 223); // the 223 adds went through
			const confirmed = await run(syncWorkflow(false, { confirmLargeUnsubscribe: true }));
			expect(confirmed.error).toBeUndefined();
			expect(confirmed.output(NODE)[0]).toMatchObject({
				applied: { unsubscribed: 32 },
				safetyLimit: { unsubscribes: 32, confirmed: true },
			});
			expect(active().length).toBe(225);
		});
	});

	describe('catch-up (Members: Changed Since Last Run)', () => {
		const catchUp = (dryRun = false) => {
			const wf = syncWorkflow(dryRun);
			(wf.nodes[0].parameters as IDataObject).scope = 'changed';
			return wf;
		};
		const touch = (emails: string[], minutesAgo: number) => {
			for (const member of ghost.members.filter((m) => emails.includes(String(m.email)))) {
				member.updated_at = new Date(Date.now() - minutesAgo * 60_000).toISOString();
			}
		};

		it('repairs only what changed since the last run, and costs one Ghost call when nothing did', async () => {
			// Changed in Ghost 10 minutes ago, deliveries lost: outdated in CM, newsletter now off, new.
			touch(['member1@example.com', 'member10@example.com', 'member21@example.com'], 10);
			const first = await run(catchUp(), { mode: 'trigger' });
			expect(first.error).toBeUndefined();
			const [summary] = first.output(NODE);
			expect(summary).toMatchObject({
				scope: 'changed',
				ghostMembers: 3,
				repaired: 3,
				plan: { add: 1, update: 1, unsubscribe: 1, orphans: 0 },
				requests: { ghostRequests: 1, campaignMonitorRequests: 5 }, // 3 reads, 1 import, 1 unsubscribe
			});
			const byEmail = (email: string) => subscribers().find((x) => x.EmailAddress === email);
			expect(byEmail('member21@example.com')?.State).toBe('Active');
			expect(byEmail('member10@example.com')?.State).toBe('Unsubscribed');
			expect(byEmail('member1@example.com')?.CustomFields).toContainEqual({
				Key: 'ghost_status',
				Value: 'free',
			});
			// gone@ and orphan@ are a full sync's business, not the catch-up's.
			expect(byEmail('gone@example.com')?.State).toBe('Active');

			const second = await run(catchUp(), { mode: 'trigger', staticData: first.staticData });
			expect(second.output(NODE)[0]).toMatchObject({
				ghostMembers: 0,
				repaired: 0,
				requests: { ghostRequests: 1, campaignMonitorRequests: 0, total: 1 },
			});
		});

		it('after a bulk edit reads the list once, as the full sync does, instead of once per member', async () => {
			// Every member changed (a bulk label in Ghost Admin): 250 changed, the list has 4 Active.
			touch(
				ghost.members.map((m) => String(m.email)),
				10,
			);
			const result = await run(catchUp(), { mode: 'trigger' });
			expect(result.error).toBeUndefined();
			const [summary] = result.output(NODE);
			expect(summary).toMatchObject({
				ghostMembers: 250,
				campaignMonitorRead: 'list',
				plan: { add: 223, update: 1, unsubscribe: 1 },
				// 1 count, 4 list pages (one per state), 1 import, 1 unsubscribe: not 250 single reads.
				requests: { ghostRequests: 3, campaignMonitorRequests: 7 },
			});
			// gone@ is not among the changed members: the catch-up leaves it to the full sync.
			expect(subscribers().find((x) => x.EmailAddress === 'gone@example.com')?.State).toBe(
				'Active',
			);
		});

		it('a dry run repairs nothing and does not move the cursor', async () => {
			touch(['member21@example.com'], 10);
			const dry = await run(catchUp(true), { mode: 'trigger' });
			expect(dry.output(NODE)[0]).toMatchObject({ repaired: 1, dryRun: true });
			expect(subscribers().some((x) => x.EmailAddress === 'member21@example.com')).toBe(false);
			expect(JSON.stringify(dry.staticData)).not.toContain('cursors');
		});
	});
});

describe('engagement and signup fields (Options → Optional Ghost Fields)', () => {
	const FIELDS = [
		'ghost_open_rate',
		'ghost_emails_received',
		'ghost_emails_opened',
		'ghost_last_seen',
		'ghost_signup_source',
		'ghost_signup_medium',
		'ghost_signup_page',
	];
	const withFields = (dryRun = false) => syncWorkflow(dryRun, { optionalGhostFields: FIELDS });
	const fieldsOf = (email: string) =>
		Object.fromEntries(
			(subscribers().find((s) => s.EmailAddress === email)?.CustomFields ?? []).map((f) => [
				f.Key,
				f.Value,
			]),
		);

	beforeEach(async () => {
		await ghost.close();
		ghost = await new FakeGhost({
			members: makeMembers(250),
			adminKey: ADMIN_KEY,
			signup: makeSignup,
		}).listen();
		for (const key of FIELDS) {
			const spec = GHOST_FIELDS.find((f) => f.FieldName === key)!;
			sim.account.createCustomField(LIST, spec);
		}
	});

	it('the full sync writes them from Ghost’s member list and signup events; the next run reads no signup and writes nothing', async () => {
		const first = await run(withFields());
		expect(first.error).toBeUndefined();
		const [summary] = first.output(NODE);
		// 250 members: 3 pages, one signup read per page (for the members the list gets), 1 by address.
		expect(summary.requests).toMatchObject({ ghostRequests: 3 + 3 + 1 });
		expect(ghost.signupReads).toBe(3);
		// member21: 21 emails, 7 opened (33 %), last seen 2026-11-22; signed up from Twitter.
		expect(fieldsOf('member21@example.com')).toMatchObject({
			ghost_open_rate: '33',
			ghost_emails_received: '21',
			ghost_emails_opened: '7',
			ghost_last_seen: '2026-11-22',
			ghost_signup_source: 'Twitter',
			ghost_signup_medium: 'social',
			ghost_signup_page: '/post-21/',
		});
		// member3: 3 emails, no open rate yet; a Portal signup with no referrer.
		expect(fieldsOf('member3@example.com')).toMatchObject({
			ghost_emails_received: '3',
			ghost_emails_opened: '1',
			ghost_signup_source: 'Integration: n8n sync',
		});
		expect(fieldsOf('member3@example.com').ghost_open_rate).toBeUndefined();
		expect(fieldsOf('member6@example.com').ghost_signup_source).toBe('Direct');
		// member8: no signup recorded by Ghost; never seen.
		expect(fieldsOf('member8@example.com')).toMatchObject({ ghost_signup_source: 'Unknown' });
		expect(fieldsOf('member8@example.com').ghost_last_seen).toBeUndefined();

		const before = ghost.signupReads;
		const again = await run(withFields());
		expect(again.output(NODE)[0]).toMatchObject({
			plan: { add: 0, update: 0, unsubscribe: 0 },
			applied: { imported: 0 },
		});
		expect(ghost.signupReads).toBe(before);
	});

	it('a night where open rates moved rewrites those subscribers through the import; an emptied one is cleared, not 0', async () => {
		await run(withFields());
		const moved = ghost.members.slice(100, 140);
		for (const member of moved) {
			member.email_count = Number(member.email_count) + 1;
			member.email_opened_count = Number(member.email_opened_count) + 1;
		}
		const reset = ghost.members.find((m) => m.email === 'member21@example.com')!;
		reset.email_open_rate = null;
		const cmBefore = sim.requests.total;
		const night = await run(withFields());
		const [summary] = night.output(NODE);
		// 36 of the 40 are in the list (every 10th gets no newsletter), and member21.
		expect(summary.plan).toMatchObject({ add: 0, update: 36 + 1 });
		// The four list reads and one import of 37 subscribers.
		expect(sim.requests.total - cmBefore).toBe(4 + 1);
		expect(fieldsOf('member21@example.com').ghost_open_rate).toBeUndefined();
		expect(fieldsOf('member121@example.com').ghost_emails_received).toBe('2');
	});

	it('the catch-up writes them for members it writes anyway, and leaves a change in them alone to the full sync', async () => {
		await run(withFields());
		const member = ghost.members.find((m) => m.email === 'member31@example.com')!;
		member.email_count = 99;
		member.updated_at = new Date(Date.now() - 60_000).toISOString();
		const catchUp = withFields();
		(catchUp.nodes[0].parameters as IDataObject).scope = 'changed';
		// The cursor starts an hour back (no previous run): only member31 changed since.
		const result = await run(catchUp, { mode: 'trigger' });
		expect(result.output(NODE)[0]).toMatchObject({
			ghostMembers: 1,
			repaired: 0,
			plan: { update: 0, unchanged: 1 },
		});
		expect(fieldsOf('member31@example.com').ghost_emails_received).toBe('31');
	});
});
