import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listClients } from '../../transport/campaignMonitor';

export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const clients = await listClients.call(this);
	const needle = (filter ?? '').toLowerCase();
	return {
		results: clients
			.filter((client) => !needle || client.Name.toLowerCase().includes(needle))
			.map((client) => ({ name: client.Name, value: client.ClientID })),
	};
}
