import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../helpers/workflowRunner';
import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';

const NODE = 'Member Status Diff';
const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';

function diffWorkflow(
	input: IDataObject[],
	parameters: IDataObject = { routing: 'split' },
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'd1ff0000-0000-4000-8000-000000000001',
				name: NODE,
				type: 'n8n-nodes-ghost-campaign-monitor.memberStatusDiff',
				typeVersion: 1,
				position: [0, 0],
				parameters: parameters as never,
				credentials: { campaignMonitorApi: { id: '1', name: 'CM' } },
			},
		],
		connections: {},
		input: input as never,
	};
}

const event = (
	event: string,
	member: IDataObject,
	previous: IDataObject = {},
	receivedAt = '2026-03-02T10:00:00.000Z',
) => ({
	event,
	site: 'news',
	memberId: 'm1',
	member: event === 'member.deleted' ? previous : member,
	previous,
	changedKeys: Object.keys(previous),
	receivedAt,
});

describe('Member Status Diff in n8n’s WorkflowExecute', () => {
	it('routes changed and unchanged from the event alone, and keeps nothing in static data', async () => {
		const first = await runWorkflow(
			diffWorkflow([event('member.added', { id: 'm1', status: 'free' })]),
			{},
			{ mode: 'trigger' },
		);
		expect(first.output(NODE, 0)).toEqual([]);
		expect(first.output(NODE, 1)[0]).toMatchObject({
			statusChanged: false,
			previousStatus: null,
			statusSource: 'none',
		});

		const comped = await runWorkflow(
			diffWorkflow([
				event(
					'member.edited',
					{ id: 'm1', status: 'comped' },
					{ status: 'free', comped: false },
					'2026-03-05T08:00:00.000Z',
				),
			]),
			{},
			{ staticData: first.staticData, mode: 'trigger' },
		);
		expect(comped.output(NODE, 0)).toEqual([
			expect.objectContaining({
				event: 'member.edited',
				statusChanged: true,
				status: 'comped',
				previousStatus: 'free',
				statusChangedAt: '2026-03-05T08:00:00.000Z',
				statusSource: 'payload',
				changedKeys: ['status', 'comped'],
			}),
		]);
		expect(comped.items(NODE, 0)[0].pairedItem).toEqual({ item: 0 });
		// The write leaves ghost_previous_status and ghost_status_changed_at out when no change is known.
		const renamed = await runWorkflow(
			diffWorkflow([event('member.edited', { id: 'm1', status: 'comped' }, { name: 'Old' })]),
			{},
			{ staticData: comped.staticData, mode: 'trigger' },
		);
		expect(renamed.output(NODE, 1)[0]).toMatchObject({ statusChanged: false });
		const fields = (renamed.output(NODE, 1)[0].campaignMonitor as IDataObject)
			.fields as IDataObject;
		expect(fields).toMatchObject({ ghost_status: 'comped' });
		expect(Object.keys(fields)).not.toContain('ghost_previous_status');
		expect(Object.keys(fields)).not.toContain('ghost_status_changed_at');
		expect(renamed.staticData[`node:${NODE}`] ?? {}).toEqual({});
	});

	it('drops the member history an earlier version kept in static data', async () => {
		const history = { v: 1, sites: { news: { m: { m1: ['paid', 1, 'free'] }, n: 1 } } };
		const result = await runWorkflow(
			diffWorkflow([event('member.edited', { id: 'm1', status: 'free' }, { name: 'Old' })]),
			{},
			{ staticData: { [`node:${NODE}`]: history }, mode: 'trigger' },
		);
		expect(result.output(NODE, 1)[0]).toMatchObject({ statusChanged: false, previousStatus: null });
		expect(result.staticData[`node:${NODE}`]).toEqual({});
	});

	it('puts every item on one output when not splitting', async () => {
		const result = await runWorkflow(
			diffWorkflow(
				[
					event('member.added', { id: 'm1', status: 'free' }),
					event('member.edited', { id: 'm1', status: 'paid' }, { status: 'free' }),
				],
				{ routing: 'single' },
			),
			{},
		);
		expect(result.output(NODE).map((item) => item.statusChanged)).toEqual([false, true]);
	});

	it('a deleted member is removed with ghost_email_enabled false, whatever the payload said of newsletters', async () => {
		const result = await runWorkflow(
			diffWorkflow(
				[
					event(
						'member.deleted',
						{},
						{ id: 'm1', email: 'gone@example.com', status: 'free', subscribed: true },
					),
				],
				{ routing: 'single' },
			),
			{},
		);
		expect(result.output(NODE)[0].campaignMonitor).toMatchObject({
			action: 'remove',
			listEmail: 'gone@example.com',
			fields: { ghost_status: 'free', ghost_email_enabled: 'false' },
		});
	});

	it('refuses items that are not member events, with a clear message', async () => {
		const result = await runWorkflow(diffWorkflow([{ hello: 'world' }]), {});
		expect(result.error?.message).toMatch(
			/not a Ghost member event: connect this node after the Ghost Member Trigger/,
		);
	});

	describe('Campaign Monitor fallback', () => {
		let sim: CampaignMonitorSimulator;
		beforeEach(async () => {
			sim = await startSimulator();
			sim.account.createCustomField(LIST, { FieldName: 'ghost_status', DataType: 'Text' });
			sim.account.createCustomField(LIST, { FieldName: 'ghost_previous_status', DataType: 'Text' });
		});
		afterEach(async () => sim.close());

		it('reads ghost_status from Campaign Monitor when the webhook does not carry the previous status', async () => {
			const cmSubscriber = {
				EmailAddress: 'old@example.com',
				Name: 'X',
				ConsentToTrack: 'Yes',
				CustomFields: [
					{ Key: 'ghost_status', Value: 'free' },
					{ Key: 'ghost_previous_status', Value: 'paid' },
				],
			};
			await fetch(`${sim.url}/subscribers/${LIST}.json`, {
				method: 'POST',
				headers: {
					Authorization: `Basic ${Buffer.from('sim-api-key:x').toString('base64')}`,
					'Content-Type': 'application/json',
				},
				body: JSON.stringify(cmSubscriber),
			});
			const result = await runWorkflow(
				diffWorkflow(
					// Renamed and upgraded in one edit without previous.status: look up under the old address.
					[
						event(
							'member.edited',
							{ id: 'm1', status: 'paid', email: 'new@example.com' },
							{ email: 'old@example.com' },
						),
					],
					{
						routing: 'split',
						campaignMonitorLookup: true,
						list: { __rl: true, mode: 'id', value: LIST },
						statusFieldKey: 'ghost_status',
					},
				),
				{ campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true } },
			);
			expect(result.error).toBeUndefined();
			expect(result.output(NODE, 0)[0]).toMatchObject({
				statusChanged: true,
				previousStatus: 'free',
				statusSource: 'campaignMonitor',
			});
		});
	});
});
