import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listClientLists, listClients } from '../../transport/campaignMonitor';

/** Lists of the chosen client, or of every client the key can see when none is chosen. */
export async function searchLists(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	// Not every node has a client picker (Member Status Diff has only the list): read it raw,
	// as extractValue throws "Could not find property" for a parameter the node does not have.
	const client = this.getNodeParameter('client', '') as string | { value?: unknown };
	const chosen = String((typeof client === 'object' ? client?.value : client) ?? '').trim();
	const clients = chosen ? [{ ClientID: chosen, Name: '' }] : await listClients.call(this);

	const needle = (filter ?? '').toLowerCase();
	const results = [];
	for (const client of clients) {
		for (const list of await listClientLists.call(this, client.ClientID)) {
			const name = client.Name && clients.length > 1 ? `${list.Name} (${client.Name})` : list.Name;
			if (!needle || name.toLowerCase().includes(needle))
				results.push({ name, value: list.ListID });
		}
	}
	return { results };
}
