/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: starts the real servers; never shipped */
import { join } from 'node:path';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { GhostSite } from './ghost';
import { N8nInstance } from './n8n';
import { buildAndPack } from './package';
import { runSetupNode, type SetupRun } from './setupNode';

/**
 * What a publisher has before the setup node: Ghost sites, a Campaign Monitor account with a list
 * per site (no custom fields yet), n8n with the package, and the three credentials. The setup
 * node then makes everything else, as in the README.
 */
export interface SetupStack {
	cm: CampaignMonitorSimulator;
	n8n: N8nInstance;
	sites: Array<{
		key: string;
		ghost: GhostSite;
		listId: string;
		credential: { id: string; name: string };
	}>;
	credentials: { cm: { id: string; name: string }; api: { id: string; name: string } };
	setUp(
		key: string,
		operation: 'preview' | 'setUp',
		options?: Record<string, unknown>,
	): Promise<SetupRun>;
	subscriber(listId: string, email: string): ReturnType<typeof findSubscriber>;
	stop(): Promise<void>;
}

const CLIENT = 'c'.repeat(32);

function findSubscriber(cm: CampaignMonitorSimulator, listId: string, email: string) {
	return cm.account
		.snapshot()
		.lists.find((list) => list.ListID === listId)
		?.subscribers.find((s) => s.EmailAddress === email);
}

export async function startSetupStack(
	workDir: string,
	siteKeys: string[],
	options: {
		/** The package to install (default: this one, packed). */
		tarball?: string;
		/** Sites whose Ghost refuses webhooks to private addresses (its production default). */
		noInternalWebhooks?: string[];
	} = {},
): Promise<SetupStack> {
	const cm = await startSimulator({ seed: 'empty' });
	cm.account.addClient({ ClientID: CLIENT, Name: 'Publisher' });
	const lists = siteKeys.map((key, index) => {
		const listId = String.fromCharCode(97 + index).repeat(32);
		cm.account.addList(CLIENT, { ListID: listId, Title: `Site ${key} members` });
		return listId;
	});
	const [tarball, ...ghosts] = await Promise.all([
		options.tarball ?? buildAndPack(),
		...siteKeys.map((key) =>
			GhostSite.start(join(workDir, `ghost-${key.toLowerCase()}`), {
				allowInternalWebhooks: !options.noInternalWebhooks?.includes(key),
			}),
		),
	]);
	const n8n = await N8nInstance.create(join(workDir, 'n8n'), tarball as string);
	const sites = siteKeys.map((key, index) => ({
		key,
		ghost: ghosts[index] as GhostSite,
		listId: lists[index],
		credential: { id: `ghostSite${key}Cred01`, name: `Ghost ${key}` },
	}));
	const credentials = {
		cm: { id: 'cmSimulatorCred1', name: 'Campaign Monitor account' },
		api: { id: 'setupApiCred0001', name: 'Ghost → Campaign Monitor Setup API' },
	};
	await n8n.importCredentials([
		...sites.map((site) => ({
			...site.credential,
			type: 'ghostMembersAdminApi',
			data: { url: site.ghost.url, apiKey: site.ghost.adminApiKey, allowHttp: true },
		})),
		{
			...credentials.cm,
			type: 'campaignMonitorApi',
			data: { apiKey: 'sim-api-key', baseUrl: cm.url, allowHttp: true },
		},
	]);
	await n8n.start();
	const apiKey = await n8n.createApiKey('setup');
	await n8n.importCredentials([
		{ ...credentials.api, type: 'ghostCmN8nApi', data: { apiKey, baseUrl: `${n8n.url}/api/v1` } },
	]);
	return {
		cm,
		n8n,
		sites,
		credentials,
		setUp: async (key, operation, setupOptions = {}) => {
			const site = sites.find((candidate) => candidate.key === key);
			if (!site) throw new Error(`No site ${key}`);
			return await runSetupNode(n8n, {
				ghostCredential: site.credential,
				cmCredential: credentials.cm,
				apiCredential: credentials.api,
				listId: site.listId,
				siteName: `Site ${key}`,
				operation,
				options: setupOptions,
			});
		},
		subscriber: (listId, email) => findSubscriber(cm, listId, email),
		async stop() {
			await n8n.stop();
			await Promise.all(sites.map((site) => site.ghost.stop()));
			await cm.close();
		},
	};
}
