import type { IDataObject, IHookFunctions, INode } from 'n8n-workflow';

import { CampaignMonitorApi } from '../../credentials/CampaignMonitorApi.credentials';
import { CampaignMonitorTrigger } from '../../nodes/CampaignMonitorTrigger/CampaignMonitorTrigger.node';
import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { realHttpRequestWithAuthentication } from '../helpers/http';

const LIST = 'c0ffee00c0ffee00c0ffee00c0ffee01';
const URL = 'https://n8n.example.com/webhook/5a0c2d6e-1111-4c1f-b6e7-7b5a1c6f2b10/webhook';
const methods = new CampaignMonitorTrigger().webhookMethods.default;

let sim: CampaignMonitorSimulator;

/** The hook functions n8n gives the trigger when the workflow is published, on the simulator. */
function hook(): IHookFunctions {
	const parameters: IDataObject = {
		list: { __rl: true, mode: 'id', value: LIST },
		events: ['Deactivate', 'Update'],
		options: {},
	};
	const node: INode = {
		id: 'c1000000-0000-4000-8000-000000000001',
		name: 'Campaign Monitor Trigger',
		type: 'n8n-nodes-ghost-campaign-monitor.campaignMonitorTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const credentials = {
		campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
	};
	return {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = parameters[name];
			if (options?.extractValue && value && typeof value === 'object')
				return (value as IDataObject).value;
			return value ?? fallback;
		},
		getWorkflow: () => ({ id: 'wf-cm', name: 'Campaign Monitor → Ghost', active: true }),
		getWorkflowStaticData: () => ({}),
		getNodeWebhookUrl: () => URL,
		getCredentials: async () => credentials.campaignMonitorApi,
		helpers: {
			httpRequestWithAuthentication: realHttpRequestWithAuthentication(
				node,
				{ campaignMonitorApi: new CampaignMonitorApi() },
				credentials,
			),
		},
	} as unknown as IHookFunctions;
}

const webhooks = () => sim.account.snapshot().lists.find((list) => list.ListID === LIST)!.webhooks;

beforeEach(async () => {
	sim = await startSimulator();
	sim.account.addClient({ ClientID: 'c'.repeat(32), Name: 'Publisher' });
	sim.account.addList('c'.repeat(32), { ListID: LIST, Title: 'Members' });
});
afterEach(async () => {
	await sim.close();
});

describe('Campaign Monitor Trigger: registering its list webhook, one per publish', () => {
	it('a create whose answer was lost to a 500 after Campaign Monitor made it: one webhook, not two', async () => {
		sim.addFault({ method: 'POST', path: '/webhooks\\.json$', status: 500, afterActing: true });
		expect(await methods.create.call(hook())).toBe(true);
		expect(webhooks()).toHaveLength(1);
		expect(webhooks()[0]).toMatchObject({ Url: URL, Events: ['Deactivate', 'Update'] });
		// The list was read before the create and again before anything was sent again; one create.
		expect(sim.requests.byRoute['POST /lists/{id}/webhooks.json']).toBe(1);
		expect(sim.requests.byRoute['GET /lists/{id}/webhooks.json']).toBe(2);
	});

	it('a create whose answer never came (the connection reset after Campaign Monitor made it): one webhook, not two', async () => {
		sim.addFault({ method: 'POST', path: '/webhooks\\.json$', drop: true, afterActing: true });
		expect(await methods.create.call(hook())).toBe(true);
		expect(webhooks()).toHaveLength(1);
		expect(webhooks()[0]).toMatchObject({ Url: URL, Events: ['Deactivate', 'Update'] });
		expect(sim.requests.byRoute['POST /lists/{id}/webhooks.json']).toBe(1);
		expect(sim.requests.byRoute['GET /lists/{id}/webhooks.json']).toBe(2);
	});

	it('a 500 before Campaign Monitor acted: looked for, not found, created on the next try', async () => {
		sim.addFault({ method: 'POST', path: '/webhooks\\.json$', status: 500 });
		expect(await methods.create.call(hook())).toBe(true);
		expect(webhooks()).toHaveLength(1);
		expect(sim.requests.byRoute['POST /lists/{id}/webhooks.json']).toBe(2);
	});

	it('a refusal (4xx) is final and says why', async () => {
		sim.addFault({
			method: 'POST',
			path: '/webhooks\\.json$',
			status: 400,
			body: { Code: 600, Message: 'Invalid webhook URL' },
		});
		await expect(methods.create.call(hook())).rejects.toThrow();
		expect(webhooks()).toHaveLength(0);
		expect(sim.requests.byRoute['POST /lists/{id}/webhooks.json']).toBe(1);
	});

	it('unpublishing when the webhook went between listing and deleting (another n8n, a restart): done, judged by listing the webhooks, not by an error code', async () => {
		await methods.create.call(hook());
		// Gone by the time the DELETE lands: the answer for that is not documented; any refusal.
		sim.addFault({
			method: 'DELETE',
			path: '/webhooks/',
			status: 404,
			body: { Code: 404, Message: 'Not found' },
			afterActing: true,
		});
		const listed = () => sim.requests.byRoute['GET /lists/{id}/webhooks.json'] ?? 0;
		const before = listed();
		expect(await methods.delete.call(hook())).toBe(true);
		expect(webhooks()).toEqual([]);
		// Listed to find it, and listed again to judge the refusal.
		expect(listed() - before).toBe(2);
	});

	it('a refused delete of a webhook that is still there fails unpublishing, so it is not left behind unseen', async () => {
		await methods.create.call(hook());
		sim.addFault({
			method: 'DELETE',
			path: '/webhooks/',
			status: 400,
			body: { Code: 602, Message: 'Invalid webhook format' },
		});
		await expect(methods.delete.call(hook())).rejects.toThrow(/602/);
		expect(webhooks()).toHaveLength(1);
	});

	it('checking changes nothing; publishing with other events replaces the leftover webhook, one remains', async () => {
		sim.account.createWebhook(LIST, { Events: ['Subscribe'], Url: URL, PayloadFormat: 'json' });
		expect(await methods.checkExists.call(hook())).toBe(false);
		expect(webhooks()).toHaveLength(1);
		expect(await methods.create.call(hook())).toBe(true);
		expect(webhooks().map((w) => [w.Url, w.Events])).toEqual([[URL, ['Deactivate', 'Update']]]);
		expect(await methods.checkExists.call(hook())).toBe(true);
	});
});
