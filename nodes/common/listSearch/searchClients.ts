import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { cmApiRequest } from '../../transport/campaignMonitor';

export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { body } = await cmApiRequest.call(this, {
		method: 'GET',
		path: '/clients.json',
		idempotent: true,
	});
	const needle = (filter ?? '').toLowerCase();
	return {
		results: (body as Array<{ ClientID: string; Name: string }>)
			.filter((client) => !needle || client.Name.toLowerCase().includes(needle))
			.map((client) => ({ name: client.Name, value: client.ClientID })),
	};
}
