import type { IDataObject } from 'n8n-workflow';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { FakeGhost, type FakeGhostMember } from '../ghost-fake/server';
import { runWorkflow } from '../helpers/workflowRunner';
import { CHECK, DIFF, WRITE, writePath } from '../helpers/writePath';
import { DEFAULT_GHOST_FIELDS } from '../../nodes/shared/sync/ghostFields';

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
