import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';
import ensureWorkflow from '../workflows/campaign-monitor/customField-ensure.json';
import getAllWorkflow from '../workflows/campaign-monitor/customField-getAll.json';
import createWorkflow from '../workflows/campaign-monitor/customField-create.json';
import addWorkflow from '../workflows/campaign-monitor/subscriber-add.json';
import deleteWorkflow from '../workflows/campaign-monitor/subscriber-delete.json';
import getWorkflow from '../workflows/campaign-monitor/subscriber-get.json';
import importWorkflow from '../workflows/campaign-monitor/subscriber-import.json';
import unsubscribeWorkflow from '../workflows/campaign-monitor/subscriber-unsubscribe.json';
import updateMissingWorkflow from '../workflows/campaign-monitor/subscriber-update-missing-continue.json';
import renameWorkflow from '../workflows/campaign-monitor/subscriber-update-rename.json';

const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const NODE = 'Campaign Monitor';

let sim: CampaignMonitorSimulator;
const run = (workflow: unknown) =>
	runWorkflow(workflow as WorkflowJson, {
		campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
	});
const subscribers = () =>
	sim.account.snapshot().lists.find((list) => list.ListID === LIST)!.subscribers;
const subscriber = (email: string) => subscribers().find((s) => s.EmailAddress === email);

beforeEach(async () => {
	sim = await startSimulator();
});
afterEach(async () => {
	await sim.close();
});

async function withGhostFields() {
	const { output } = await run(ensureWorkflow);
	return output(NODE);
}

describe('Campaign Monitor node in n8n’s WorkflowExecute, against the simulator', () => {
	it('custom field ensure: creates the ghost_* fields once, then finds them all', async () => {
		const [first] = await withGhostFields();
		expect(first).toEqual({
			ListID: LIST,
			outcome: 'written',
			created: [
				'ghost_status',
				'ghost_signup_date',
				'ghost_last_updated',
				'ghost_status_changed_at',
				'ghost_previous_status',
				'ghost_labels',
				'ghost_email_enabled',
				'ghost_email_suppressed',
				'ghost_tiers',
				'ghost_subscription_status',
				'ghost_plan_interval',
				'ghost_cancels_at_period_end',
				'ghost_period_end',
				'ghost_trial_end',
				'ghost_paid_since',
				'ghost_open_rate',
				'ghost_emails_received',
				'ghost_emails_opened',
				'ghost_last_seen',
				'ghost_signup_source',
				'ghost_signup_medium',
				'ghost_signup_page',
			],
			existing: [],
			typeMismatches: [],
		});
		const [second] = await withGhostFields();
		expect(first.outcome).toBe('written');
		expect(second).toMatchObject({ created: [], existing: first.created, outcome: 'unchanged' });
		expect(sim.account.snapshot().lists.find((l) => l.ListID === LIST)!.customFields).toHaveLength(
			22,
		);
	});

	it('custom field get many and create', async () => {
		await withGhostFields();
		const created = await run(createWorkflow);
		expect(created.output(NODE)).toEqual([
			{
				ListID: LIST,
				FieldName: 'Favourite Colour',
				DataType: 'MultiSelectMany',
				Key: '[FavouriteColour]',
				outcome: 'written',
			},
		]);
		const fields = (await run(getAllWorkflow)).output(NODE);
		expect(fields.map((f) => f.KeyName)).toContain('FavouriteColour');
		expect(fields.find((f) => f.KeyName === 'ghost_signup_date')).toMatchObject({
			DataType: 'Date',
			Key: '[ghost_signup_date]',
		});
	});

	it('subscriber add: creates Active subscribers with fitted custom fields', async () => {
		await withGhostFields();
		const result = await run(addWorkflow);
		expect(result.error).toBeUndefined();
		expect(result.items(NODE).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(subscriber('ada@example.com')).toMatchObject({
			Name: 'Ada',
			State: 'Active',
			ConsentToTrack: 'Yes',
			CustomFields: [
				{ Key: 'ghost_status', Value: 'paid' },
				{ Key: 'ghost_signup_date', Value: '2026-03-02' },
				{ Key: 'ghost_labels', Value: 'VIP, Press' },
			],
		});
		expect(subscriber('bob@example.com')).toMatchObject({ Name: '', State: 'Active' });
	});

	it('subscriber update: renames the subscriber, no duplicate', async () => {
		await withGhostFields();
		await run(addWorkflow);
		const result = await run(renameWorkflow);
		expect(result.output(NODE)).toEqual([
			{
				EmailAddress: 'ada.lovelace@example.com',
				ListID: LIST,
				renamed: true,
				previousEmailAddress: 'ada@example.com',
				CustomFields: [],
				outcome: 'written',
			},
		]);
		expect(
			subscribers()
				.map((s) => s.EmailAddress)
				.sort(),
		).toEqual(['ada.lovelace@example.com', 'bob@example.com']);
		expect(subscriber('ada.lovelace@example.com')).toMatchObject({ Name: 'Ada', State: 'Active' });
	});

	it('subscriber get: details, and found=false for an address not in the list', async () => {
		await withGhostFields();
		await run(addWorkflow);
		const [ada, nobody] = (await run(getWorkflow)).output(NODE);
		expect(ada).toMatchObject({
			EmailAddress: 'ada@example.com',
			State: 'Active',
			found: true,
			ListID: LIST,
		});
		expect(nobody).toEqual({
			EmailAddress: 'nobody@example.com',
			ListID: LIST,
			found: false,
			State: null,
		});
	});

	it('subscriber unsubscribe: unsubscribes, and an address not in the list counts as done', async () => {
		await withGhostFields();
		await run(addWorkflow);
		const result = await run(unsubscribeWorkflow);
		expect(result.output(NODE)).toEqual([
			{
				EmailAddress: 'ada@example.com',
				ListID: LIST,
				unsubscribed: true,
				wasInList: true,
				outcome: 'written',
			},
			{
				EmailAddress: 'nobody@example.com',
				ListID: LIST,
				unsubscribed: true,
				wasInList: false,
				outcome: 'unchanged',
			},
		]);
		expect(subscriber('ada@example.com')?.State).toBe('Unsubscribed');
	});

	it('subscriber delete: moves to Deleted, idempotent for missing addresses', async () => {
		await withGhostFields();
		await run(addWorkflow);
		const result = await run(deleteWorkflow);
		expect(result.output(NODE).map((o) => [o.wasInList, o.outcome])).toEqual([
			[true, 'written'],
			[false, 'unchanged'],
		]);
		expect(subscriber('bob@example.com')?.State).toBe('Deleted');
	});

	it('subscriber import: batches; one outcome per address (written, unchanged for an opt-out Campaign Monitor keeps, an error item with its code for a refused address)', async () => {
		await withGhostFields();
		sim.account.createCustomField(LIST, { FieldName: 'placeholder', DataType: 'Text' });
		// An unsubscribed member must not be resubscribed by an import without Resubscribe.
		await run({
			...addWorkflow,
			input: [
				{
					email: 'gone@example.com',
					name: 'Gone',
					status: 'free',
					created_at: '2026-01-01',
					labels: [],
				},
			],
		});
		sim.account.setState(LIST, 'gone@example.com', 'Unsubscribed');
		sim.requests.byRoute = {};

		const continuing = {
			...importWorkflow,
			nodes: importWorkflow.nodes.map((n) => ({ ...n, continueOnFail: true })),
		};
		const result = await run(continuing);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toEqual([
			{ EmailAddress: 'i1@example.com', ListID: LIST, imported: true, outcome: 'written' },
			{ EmailAddress: 'i2@example.com', ListID: LIST, imported: true, outcome: 'written' },
			{
				EmailAddress: 'gone@example.com',
				ListID: LIST,
				imported: false,
				Code: 206,
				Message: 'Subscriber is unsubscribed',
				outcome: 'unchanged',
			},
			{
				error: 'Campaign Monitor: Invalid Email Address (code 1)',
				description: expect.any(String),
				httpCode: '400',
				code: 1,
			},
		]);
		expect(result.items(NODE).map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(sim.requests.byRoute['POST /subscribers/{id}/import.json']).toBe(2); // batch size 2
		expect(subscriber('i2@example.com')).toMatchObject({
			Name: 'Two',
			CustomFields: [{ Key: 'ghost_status', Value: 'paid' }],
		});
		expect(subscriber('gone@example.com')?.State).toBe('Unsubscribed');
		// Without Continue On Fail the refused address fails the node, as in every operation.
		const strict = await run(importWorkflow);
		expect(strict.error?.message).toBe('Campaign Monitor: Invalid Email Address (code 1)');
	});

	it('Continue On Fail: a failed item becomes an error item, the others go on', async () => {
		await withGhostFields();
		await run(addWorkflow);
		const result = await run(updateMissingWorkflow);
		const [missing, ada] = result.output(NODE);
		expect(missing).toMatchObject({
			error: 'Campaign Monitor: Subscriber not in list or has already been removed. (code 203)',
			description: expect.stringContaining('Use "Add or Update"'),
			httpCode: '400',
			code: 203,
		});
		expect(ada).toMatchObject({ EmailAddress: 'ada@example.com', renamed: false });
		expect(subscriber('ada@example.com')?.Name).toBe('X');
	});

	it('fails the execution with CM’s message when the API key is wrong, without the key', async () => {
		const result = await runWorkflow(addWorkflow as unknown as WorkflowJson, {
			campaignMonitorApi: { apiKey: 'wrong-secret-key', baseUrl: sim.url, allowHttp: true },
		});
		expect(result.error?.message).toBe('Campaign Monitor: Invalid API Key (code 100)');
		expect(result.error?.description).toMatch(/API key/);
		expect(JSON.stringify(result.error)).not.toContain('wrong-secret-key');
		expect(sim.requests.total).toBe(1); // the custom-fields read got the 401: not retried, not resent
	});
});

describe('Add or Update with Previous Email', () => {
	const renameThenAdd = (input: Array<Record<string, unknown>>) => ({
		...addWorkflow,
		nodes: [
			{
				...addWorkflow.nodes[0],
				parameters: {
					...addWorkflow.nodes[0].parameters,
					previousEmail: '={{ $json.previousEmail }}',
				},
			},
		],
		input,
	});

	it('renames the subscriber under the previous address, and adds when that address is not in the list', async () => {
		await withGhostFields();
		await run(addWorkflow);
		const result = await run(
			renameThenAdd([
				{
					email: 'ada.l@example.com',
					previousEmail: 'ada@example.com',
					name: 'Ada L',
					status: 'paid',
					created_at: '2026-03-02',
					labels: [],
				},
				{
					email: 'carol@example.com',
					previousEmail: 'carol.old@example.com',
					name: 'Carol',
					status: 'free',
					created_at: '2026-03-02',
					labels: [],
				},
			]),
		);
		const [ada, carol] = result.output(NODE);
		expect(ada).toMatchObject({
			EmailAddress: 'ada.l@example.com',
			renamed: true,
			previousEmailAddress: 'ada@example.com',
		});
		expect(carol).toMatchObject({ EmailAddress: 'carol@example.com', renamed: false });
		expect(
			subscribers()
				.map((s) => s.EmailAddress)
				.sort(),
		).toEqual(['ada.l@example.com', 'bob@example.com', 'carol@example.com']);
		expect(subscriber('ada.l@example.com')).toMatchObject({ Name: 'Ada L', State: 'Active' });
	});

	it('with an error output: a refused address and a failed import fail only their items, the rename done before is reported, each item once', async () => {
		await withGhostFields();
		await run(addWorkflow);
		sim.addFault({ path: 'import', status: 500, times: 100 });
		const workflow = renameThenAdd([
			{ email: 'ada.l@example.com', previousEmail: 'ada@example.com', name: 'Ada L', labels: [] },
			{ email: 'not-an-address', previousEmail: '', name: 'Nobody', labels: [] },
			{ email: 'dan@example.com', previousEmail: '', name: 'Dan', labels: [] },
		]);
		const [node] = workflow.nodes;
		const result = await run({
			...workflow,
			nodes: [
				{
					...node,
					onError: 'continueErrorOutput',
					parameters: { ...node.parameters, requestOptions: { maxRetries: 0 } },
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.output(NODE, 0)).toEqual([
			expect.objectContaining({ EmailAddress: 'ada.l@example.com', renamed: true }),
		]);
		// The error output: each failed item paired with its own input, with its reason, once (n8n
		// merges the input item's JSON in when a node comes before).
		expect(
			result.items(NODE, 1).map((item) => [item.pairedItem, item.json.error, item.json.details]),
		).toEqual([
			[{ item: 1 }, 'The email address is empty or not an email address', expect.anything()],
			[
				{ item: 2 },
				'Campaign Monitor: Internal Server Error (code 500)',
				expect.objectContaining({ httpCode: '500' }),
			],
		]);
		expect(subscriber('ada.l@example.com')).toMatchObject({ Name: 'Ada L', State: 'Active' });
		expect(subscriber('dan@example.com')).toBeUndefined();
	});

	it('reads the list’s custom fields once across executions, and again at once for a field the cache lacks', async () => {
		await withGhostFields();
		const reads = () => sim.requests.byRoute['GET /lists/{id}/customfields.json'] ?? 0;
		const before = reads();
		for (let i = 0; i < 5; i++) {
			const one = JSON.parse(JSON.stringify(addWorkflow)) as WorkflowJson & {
				input: Array<Record<string, unknown>>;
			};
			one.input = [{ ...one.input[0], email: `reader${i}@example.com` }];
			expect((await run(one)).error).toBeUndefined();
		}
		expect(reads() - before).toBe(1); // Ensure created fields, so the first add read them; the other four did not
		expect(subscriber('reader4@example.com')?.CustomFields).toContainEqual({
			Key: 'ghost_status',
			Value: 'paid',
		});

		// A field created in Campaign Monitor after the cache was filled, then mapped: read again, value kept.
		sim.account.createCustomField(LIST, { FieldName: 'ghost_newsletters', DataType: 'Text' });
		const withTiers = JSON.parse(JSON.stringify(addWorkflow)) as WorkflowJson & {
			input: Array<Record<string, unknown>>;
		};
		const parameters = withTiers.nodes[0].parameters as {
			customFields: { value: Record<string, string> };
		};
		parameters.customFields.value.ghost_newsletters = 'Weekly';
		withTiers.input = [{ ...withTiers.input[0], email: 'tiers@example.com' }];
		expect((await run(withTiers)).error).toBeUndefined();
		expect(reads() - before).toBe(2);
		expect(subscriber('tiers@example.com')?.CustomFields).toContainEqual({
			Key: 'ghost_newsletters',
			Value: 'Weekly',
		});
	});

	it('Resubscribe revives an Unsubscribed subscriber but never a Bounced one', async () => {
		await withGhostFields();
		const addWith = (email: string) => {
			const wf = JSON.parse(JSON.stringify(addWorkflow)) as WorkflowJson & {
				input: Array<Record<string, unknown>>;
			};
			(wf.nodes[0].parameters as Record<string, unknown>).options = { resubscribe: true };
			wf.input = [{ ...wf.input[0], email }];
			return wf;
		};
		for (const [email, state] of [
			['gone@example.com', 'Unsubscribed'],
			['bounced@example.com', 'Bounced'],
		]) {
			expect((await run(addWith(email))).error).toBeUndefined();
			sim.account.setState(LIST, email, state);
		}
		const revived = await run(addWith('gone@example.com'));
		expect(revived.output(NODE)[0].resubscribeSkipped).toBeUndefined();
		expect(subscriber('gone@example.com')?.State).toBe('Active');
		const kept = await run(addWith('bounced@example.com'));
		expect(kept.output(NODE)[0]).toMatchObject({ resubscribeSkipped: 'Bounced' });
		expect(subscriber('bounced@example.com')?.State).toBe('Bounced');
	});

	it('Unsubscribe writes its mapped fields after the opt-out, never resubscribes, never adds', async () => {
		await withGhostFields();
		const wf = JSON.parse(JSON.stringify(unsubscribeWorkflow)) as WorkflowJson & {
			input: Array<Record<string, unknown>>;
		};
		Object.assign(wf.nodes[0].parameters as Record<string, unknown>, {
			email: '={{ $json.email }}',
			customFields: {
				mappingMode: 'defineBelow',
				value: { ghost_email_enabled: '={{ $json.enabled }}' },
			},
		});
		const addWith = JSON.parse(JSON.stringify(addWorkflow)) as WorkflowJson & {
			input: Array<Record<string, unknown>>;
		};
		addWith.input = [{ ...addWith.input[0], email: 'leaving@example.com' }];
		expect((await run(addWith)).error).toBeUndefined();

		wf.input = [
			{ email: 'leaving@example.com', enabled: 'false' },
			{ email: 'never.here@example.com', enabled: 'false' },
		];
		const result = await run(wf);
		expect(result.error).toBeUndefined();
		expect(result.output(NODE)).toEqual([
			expect.objectContaining({ unsubscribed: true, wasInList: true, fieldsUpdated: true }),
			expect.objectContaining({ unsubscribed: true, wasInList: false }),
		]);
		expect(subscriber('leaving@example.com')).toMatchObject({ State: 'Unsubscribed' });
		expect(subscriber('leaving@example.com')?.CustomFields).toContainEqual({
			Key: 'ghost_email_enabled',
			Value: 'false',
		});
		expect(subscriber('never.here@example.com')).toBeUndefined();
	});
});
