import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { cmApiRequest, cmId } from '../../transport/campaignMonitor';

/** Lists of the chosen client, or of every client the key can see when none is chosen. */
export async function searchLists(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	// Not every node has a client picker (Member Status Diff has only the list): read it raw,
	// as extractValue throws "Could not find property" for a parameter the node does not have.
	const client = this.getNodeParameter('client', '') as string | { value?: unknown };
	const chosen = String((typeof client === 'object' ? client?.value : client) ?? '').trim();
	let clients: Array<{ ClientID: string; Name: string }>;
	if (chosen) clients = [{ ClientID: chosen, Name: '' }];
	else
		clients = (
			await cmApiRequest.call(this, { method: 'GET', path: '/clients.json', idempotent: true })
		).body as typeof clients;

	const needle = (filter ?? '').toLowerCase();
	const results = [];
	for (const client of clients) {
		const { body } = await cmApiRequest.call(this, {
			method: 'GET',
			path: `/clients/${cmId(client.ClientID)}/lists.json`,
			idempotent: true,
		});
		for (const list of body as Array<{ ListID: string; Name: string }>) {
			const name = client.Name && clients.length > 1 ? `${list.Name} (${client.Name})` : list.Name;
			if (!needle || name.toLowerCase().includes(needle))
				results.push({ name, value: list.ListID });
		}
	}
	return { results };
}
