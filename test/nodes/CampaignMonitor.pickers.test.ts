import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { CampaignMonitorApi } from '../../credentials/CampaignMonitorApi.credentials';
import { CampaignMonitor } from '../../nodes/CampaignMonitor/CampaignMonitor.node';
import clients from '../fixtures/campaign-monitor/clients.json';
import lists from '../fixtures/campaign-monitor/lists.json';
import listDetails from '../fixtures/campaign-monitor/list_details.json';
import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { realHttpRequestWithAuthentication } from '../helpers/http';
import { triggerNode } from '../helpers/contexts';

let sim: CampaignMonitorSimulator;
beforeEach(async () => {
	sim = await startSimulator();
});
afterEach(async () => {
	await sim.close();
});

const node = new CampaignMonitor();

function loadOptionsContext(parameters: Record<string, string>) {
	const credentials = {
		campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
	};
	const n = {
		...triggerNode({}),
		name: 'Campaign Monitor',
		type: 'n8n-nodes-ghost-campaign-monitor.campaignMonitor',
	};
	return {
		getNode: () => n,
		getNodeParameter: (name: string) => parameters[name] ?? '',
		getCredentials: async () => credentials.campaignMonitorApi,
		helpers: {
			httpRequestWithAuthentication: realHttpRequestWithAuthentication(
				n,
				{ campaignMonitorApi: new CampaignMonitorApi() },
				credentials,
			),
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('Campaign Monitor pickers and mapper columns', () => {
	it('searches clients by name', async () => {
		const all = await node.methods.listSearch.searchClients.call(loadOptionsContext({}));
		expect(all.results).toEqual(clients.map((c) => ({ name: c.Name, value: c.ClientID })));
		const two = await node.methods.listSearch.searchClients.call(loadOptionsContext({}), 'two');
		expect(two.results).toEqual([{ name: 'Client Two', value: clients[1].ClientID }]);
	});

	it('searches the chosen client’s lists', async () => {
		const found = await node.methods.listSearch.searchLists.call(
			loadOptionsContext({ client: clients[0].ClientID }),
		);
		expect(found.results).toEqual(lists.map((l) => ({ name: l.Name, value: l.ListID })));
	});

	it('searches every client’s lists when no client is chosen, naming the client', async () => {
		const found = await node.methods.listSearch.searchLists.call(
			loadOptionsContext({}),
			'non-basic',
		);
		expect(found.results).toEqual([
			{ name: `${listDetails.Title} (Client Two)`, value: listDetails.ListID },
		]);
	});

	it('offers the list’s live custom fields as mapper columns, keys without brackets', async () => {
		const { fields } = await node.methods.resourceMapping.getCustomFieldColumns.call(
			loadOptionsContext({ list: listDetails.ListID }),
		);
		expect(fields.map((f) => [f.id, f.displayName, f.type])).toEqual([
			['website', 'website', 'string'],
			['age', 'age', 'number'],
			['subscriptiondate', 'subscription date', 'dateTime'],
		]);
	});
});
