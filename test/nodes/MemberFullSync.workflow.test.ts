import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { FakeGhost, makeMembers } from '../ghost-fake/server';
import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';
import { DEFAULT_GHOST_FIELDS } from '../../nodes/shared/ghostFields';

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
			{ error: 'Ghost refused the Admin API key', description: expect.anything(), httpCode: '401' },
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
			requests: { ghostRequests: 3, campaignMonitorRequests: 4, total: 7 },
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
			applied: { imported: 224, unsubscribed: 2, ghostUnsubscribed: 0, failures: [] },
			// 3 Ghost pages; 4 CM reads, 1 import (224 ≤ 1000), 2 unsubscribes.
			requests: { ghostRequests: 3, campaignMonitorRequests: 7 },
		});
		expect(applied.output(NODE)).toHaveLength(1);
		const list = subscribers();
		const state = (email: string) => list.find((s) => s.EmailAddress === email)?.State;
		expect(list.filter((s) => s.State === 'Active')).toHaveLength(224 + 1); // + the orphan, reported only
		expect(state('member10@example.com')).toBe('Unsubscribed');
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
			expect(ghost.requests).toBe(Math.ceil(pages));
		} finally {
			spy.mockRestore();
			expect(Date.now).toBe(realNow);
		}
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

		it('a dry run repairs nothing and does not move the cursor', async () => {
			touch(['member21@example.com'], 10);
			const dry = await run(catchUp(true), { mode: 'trigger' });
			expect(dry.output(NODE)[0]).toMatchObject({ repaired: 1, dryRun: true });
			expect(subscribers().some((x) => x.EmailAddress === 'member21@example.com')).toBe(false);
			expect(JSON.stringify(dry.staticData)).not.toContain('cursors');
		});
	});
});
