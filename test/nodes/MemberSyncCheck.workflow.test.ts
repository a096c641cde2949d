import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { FakeGhost, type FakeGhostMember } from '../ghost-fake/server';
import { runWorkflow } from '../helpers/workflowRunner';
import { CHECK, DIFF, WRITE, writePath } from '../helpers/writePath';
import { DEFAULT_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';

/**
 * The write path of the site sync with only this package's nodes: Member Status Diff reads the
 * member from Ghost, Add or Update writes it, Member Sync Check reads it again and loops the item
 * back when Ghost changed it meanwhile. Run through n8n-core's WorkflowExecute (paired items,
 * `$('Member Status Diff').item` across loop passes, static data).
 */

const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;
const ID = '65e2ee2f3c1a4b0001a1b2c5';

const member = (changes: Partial<FakeGhostMember> = {}): FakeGhostMember => ({
	id: ID,
	email: 'ada@example.com',
	name: 'Ada',
	status: 'free',
	subscribed: true,
	newsletters: [{ id: 'n1', name: 'Weekly', status: 'active' }],
	labels: [],
	tiers: [],
	subscriptions: [],
	created_at: '2026-03-01T09:00:00.000Z',
	updated_at: '2026-03-01T09:00:00.000Z',
	...changes,
});

const signup = (m: FakeGhostMember) => ({
	event: 'member.added',
	site: 'news',
	memberId: m.id,
	member: m,
	previous: {},
	changedKeys: [],
	receivedAt: '2026-03-01T09:00:01.000Z',
});

let sim: CampaignMonitorSimulator;
let ghost: FakeGhost;
const run = (input: IDataObject[], only?: 'diff') =>
	runWorkflow(
		only ? { ...writePath(input, LIST), connections: {} } : writePath(input, LIST),
		{
			ghostMembersAdminApi: { url: ghost.url, apiKey: ADMIN_KEY, allowHttp: true },
			campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
		},
		{ mode: 'trigger' },
	);
const subscribers = () => sim.account.snapshot().lists.find((l) => l.ListID === LIST)!.subscribers;
const fieldOf = (key: string) => subscribers()[0]?.CustomFields.find((f) => f.Key === key)?.Value;

beforeEach(async () => {
	sim = await startSimulator({ seed: 'empty' });
	sim.account.addClient({ ClientID: 'c'.repeat(32), Name: 'Publisher' });
	sim.account.addList('c'.repeat(32), { ListID: LIST, Title: 'Members' });
	for (const spec of DEFAULT_GHOST_FIELDS) sim.account.createCustomField(LIST, spec);
	ghost = await new FakeGhost({ members: [], adminKey: ADMIN_KEY }).listen();
});

afterEach(async () => {
	await sim.close();
	await ghost.close();
});

describe('The write path: Ghost read before, Ghost read after', () => {
	it('writes the member as Ghost has it now, not as the webhook described it', async () => {
		const old = member();
		ghost.setMember(member({ name: 'Ada Lovelace', labels: [{ id: 'l1', name: 'VIP' }] }));
		const result = await run([signup(old)]);
		expect(result.error).toBeUndefined();
		expect(subscribers()).toEqual([
			expect.objectContaining({
				EmailAddress: 'ada@example.com',
				Name: 'Ada Lovelace',
				State: 'Active',
			}),
		]);
		expect(fieldOf('ghost_labels')).toBe('VIP');
		expect(result.output(CHECK, 0)).toEqual([
			{
				memberId: ID,
				site: 'news',
				event: 'member.added',
				action: 'upsert',
				outcome: 'superseded',
				passes: 1,
			},
		]);
		expect(ghost.requests).toBe(2);
	});

	it('goes round once more when Ghost changed the member while the write was under way', async () => {
		ghost.setMember(member());
		let reads = 0;
		ghost.afterMemberRead = () => {
			// The first read (before the write) is answered; then an edit lands in Ghost.
			if (++reads === 1) ghost.setMember(member({ name: 'Ada Byron' }));
		};
		const result = await run([signup(member())]);
		expect(result.error).toBeUndefined();
		expect(subscribers().map((s) => [s.EmailAddress, s.Name, s.State])).toEqual([
			['ada@example.com', 'Ada Byron', 'Active'],
		]);
		// Pass 1 wrote "Ada", its check saw "Ada Byron"; pass 2 wrote that and its check agreed.
		expect(result.runs(WRITE).map((run) => run[0].EmailAddress)).toHaveLength(2);
		expect(result.runs(CHECK, 1)[0]).toHaveLength(1);
		expect(result.runs(CHECK, 0)[1]).toEqual([
			expect.objectContaining({ outcome: 'current', passes: 2 }),
		]);
		expect(reads).toBe(4);
	});

	it('an address change in Ghost while the write was under way: the next pass renames the subscriber, and the change’s own webhook after it adds no duplicate', async () => {
		ghost.setMember(member());
		let reads = 0;
		ghost.afterMemberRead = () => {
			// The first read (before the write) is answered; then the member changes address in Ghost.
			if (++reads === 1) ghost.setMember(member({ email: 'ada.new@example.com' }));
		};
		const result = await run([signup(member())]);
		expect(result.error).toBeUndefined();
		expect(subscribers().map((s) => [s.EmailAddress, s.State])).toEqual([
			['ada.new@example.com', 'Active'],
		]);
		expect(result.runs(WRITE)[1][0]).toMatchObject({
			EmailAddress: 'ada.new@example.com',
			renamed: true,
			previousEmailAddress: 'ada@example.com',
		});

		// The address change's own webhook, racing the pass above, lands after it: still one subscriber.
		ghost.afterMemberRead = undefined;
		const changed = await run([
			{
				...signup(member({ email: 'ada.new@example.com' })),
				event: 'member.edited',
				previous: { email: 'ada@example.com' },
			},
		]);
		expect(changed.error).toBeUndefined();
		expect(subscribers().map((s) => [s.EmailAddress, s.State])).toEqual([
			['ada.new@example.com', 'Active'],
		]);
	});

	it('an old address another member signed up with since is not renamed away from them', async () => {
		const other = member({ id: '65e2ee2f3c1a4b0001a1b2c9', name: 'Grace' });
		// Ada moved to a new address, then Grace signed up with Ada's old one (and is in the list).
		ghost.setMember(member({ email: 'ada.new@example.com' }));
		ghost.setMember(other);
		await run([signup(other)]);
		expect(subscribers().map((s) => [s.EmailAddress, s.Name])).toEqual([
			['ada@example.com', 'Grace'],
		]);
		const result = await run([{ ...signup(member()), event: 'member.edited' }]);
		expect(result.error).toBeUndefined();
		expect(
			subscribers()
				.map((s) => [s.EmailAddress, s.Name, s.State])
				.sort(),
		).toEqual([
			['ada.new@example.com', 'Ada', 'Active'],
			['ada@example.com', 'Grace', 'Active'],
		]);
	});

	it('fails after Max Passes when Ghost keeps changing the member, so the dead letters keep it', async () => {
		ghost.setMember(member());
		let n = 0;
		ghost.afterMemberRead = () => ghost.setMember(member({ name: `Ada ${++n}` }));
		const result = await run([signup(member())]);
		expect(result.error?.message).toBe('Ghost changed the member during 3 syncs in a row');
		expect(result.runs(WRITE)).toHaveLength(3);
	});

	it('adds nobody for a member Ghost no longer has', async () => {
		const result = await run([signup(member())], 'diff');
		expect(result.error).toBeUndefined();
		expect(result.output(DIFF)[0]).toMatchObject({
			campaignMonitor: { action: 'remove', listEmail: 'ada@example.com' },
			sync: { outcome: 'member gone', action: 'remove', pass: 1 },
		});
	});
});

describe('A write that fails: the next round, and n8n’s Retry, read Ghost first', () => {
	// One attempt per round (no transport retries), so each round's failure shows at once.
	const runOnce = (input: IDataObject[], executionId?: string, start = writePath(input, LIST)) =>
		runWorkflow(
			{
				...start,
				nodes: start.nodes.map((node) =>
					node.name === WRITE
						? {
								...node,
								parameters: {
									...node.parameters,
									requestOptions: { requestsPerSecond: 1000, burst: 1000, maxRetries: 0 },
								},
							}
						: node,
				),
			},
			{
				ghostMembersAdminApi: { url: ghost.url, apiKey: ADMIN_KEY, allowHttp: true },
				campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
			},
			{ mode: 'trigger', executionId },
		);
	const adds = () => sim.adds.get(`${LIST}|ada@example.com`) ?? 0;

	it('a failed write goes round again from a new Ghost read: the name Ghost has by then is written, once', async () => {
		ghost.setMember(member());
		sim.addFault({ path: '^/subscribers/', status: 500, times: 1 });
		let reads = 0;
		ghost.afterMemberRead = () => {
			// Renamed in Ghost while the first write was failing.
			if (++reads === 1) ghost.setMember(member({ name: 'Ada Byron' }));
		};
		const result = await runOnce([signup(member())]);
		expect(result.error).toBeUndefined();
		expect(subscribers().map((s) => [s.EmailAddress, s.Name, s.State])).toEqual([
			['ada@example.com', 'Ada Byron', 'Active'],
		]);
		expect(adds()).toBe(1);
		// The first round's item left on the error output, with the event it failed on.
		expect(result.runs(WRITE, 1)[0]).toEqual([
			expect.objectContaining({ event: 'member.added', memberId: ID, error: expect.any(String) }),
		]);
		expect(result.runs(DIFF)[1][0]).toMatchObject({
			writeRounds: { executionId: 'test-execution', failedWrites: 1 },
			campaignMonitor: { Name: 'Ada Byron' },
		});
		expect(result.runs(DIFF)[1][0]).not.toHaveProperty('error');
	}, 30_000);

	it('fails at Member Status Diff after three failed rounds, writing nothing', async () => {
		ghost.setMember(member());
		sim.addFault({ path: '^/subscribers/', status: 500, times: 100 });
		const result = await runOnce([signup(member())]);
		expect(result.error?.message).toMatch(
			/^Campaign Monitor did not take the write \(3 rounds, each from a new Ghost read\): /,
		);
		expect(result.error?.message).not.toContain('ada@example.com');
		expect(result.run.data.resultData.lastNodeExecuted).toBe(DIFF);
		expect(result.runs(WRITE)).toHaveLength(3);
		expect(subscribers()).toEqual([]);
	}, 30_000);

	it('a refusal that will not change (a 4xx) fails at once, without more rounds', async () => {
		ghost.setMember(member());
		sim.addFault({
			path: '^/subscribers/',
			status: 400,
			body: { Code: 1, Message: 'Invalid Email Address' },
			times: 100,
		});
		const result = await runOnce([signup(member())]);
		expect(result.error?.message).toBe(
			'Campaign Monitor refused the write: Campaign Monitor: Invalid Email Address (code 1)',
		);
		expect(result.runs(WRITE)).toHaveLength(1);
	}, 30_000);

	it('n8n’s Retry (a new execution, resumed at Member Status Diff with its saved input) adds nobody Ghost deleted meanwhile, and writes a rename as Ghost has it', async () => {
		ghost.setMember(member());
		sim.addFault({ path: '^/subscribers/', status: 500, times: 100 });
		const failed = await runOnce([signup(member())], 'failed-execution');
		expect(failed.run.data.resultData.lastNodeExecuted).toBe(DIFF);
		const savedInput = failed.runs(WRITE, 1).at(-1)!;
		sim.clearFaults();

		// The member deleted their account before the Retry: the decision is Ghost's now (the site
		// sync's Route sends a removal to Delete / Unsubscribe, never to Add or Update).
		ghost.deleteMember(ID);
		const afterLeaving = await runOnce(savedInput, 'retry-1', {
			...writePath(savedInput, LIST),
			connections: {},
		});
		expect(afterLeaving.error).toBeUndefined();
		expect(afterLeaving.output(DIFF)).toEqual([
			expect.objectContaining({
				campaignMonitor: expect.objectContaining({ action: 'remove', reason: 'deleted in Ghost' }),
				sync: expect.objectContaining({ outcome: 'member gone', pass: 1 }),
			}),
		]);
		expect(afterLeaving.output(DIFF)[0]).not.toHaveProperty('error');
		expect(adds()).toBe(0);

		// The same saved input retried after a rename (the member back under a new name).
		ghost.setMember(member({ name: 'Ada Byron' }));
		const afterRename = await runOnce(savedInput, 'retry-2');
		expect(afterRename.error).toBeUndefined();
		expect(subscribers().map((s) => [s.Name, s.State])).toEqual([['Ada Byron', 'Active']]);
		expect(afterRename.output(DIFF)[0]).toMatchObject({
			writeRounds: { executionId: 'retry-2', failedWrites: 0 },
			sync: { pass: 1 },
		});
	}, 60_000);
});
