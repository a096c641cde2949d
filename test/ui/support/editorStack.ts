/* eslint-disable @n8n/community-nodes/no-restricted-imports -- browser-test harness: starts the real servers; never shipped */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENSURED_GHOST_FIELDS } from '../../../nodes/domain/sync/ghostFields';
import { startSimulator, type CampaignMonitorSimulator } from '../../cm-simulator/server';
import { FakeGhost } from '../../ghost-fake/server';
import { N8nInstance } from '../../harness/n8n';
import { buildAndPack } from '../../harness/package';

/** What the editor's pickers should offer: the simulator's clients and lists, named as a publisher names them. */
export const UI_ACCOUNT = {
	client: { ClientID: '4a397ccaaa55eb4e6aa1221e1e2d7122', Name: 'Northwind Publishing' },
	lists: [
		{ ListID: 'a58ee1d3039b8bec838e6d1482a8a965', Title: 'Northwind Weekly members' },
		{ ListID: '99bc35084a5739127a8ab81eae5bd305', Title: 'Northwind Daily members' },
	],
	subscriber: { EmailAddress: 'ada@example.com', Name: 'Ada Lovelace' },
	handMadeField: 'Favourite section',
};

export const CREDENTIALS = {
	campaignMonitor: { id: 'cmSimulatorCred1', name: 'Campaign Monitor account' },
	ghost: { id: 'ghostAdminCred001', name: 'Ghost Admin API' },
	n8nApi: { id: 'n8nApiCred00001', name: 'Ghost → Campaign Monitor Setup API' },
};

export interface EditorStack {
	n8n: N8nInstance;
	cm: CampaignMonitorSimulator;
	stop(): Promise<void>;
}

/**
 * The real n8n with the packed package, credentials named as the bundled workflows name them (so an
 * imported workflow finds them), the Campaign Monitor simulator and a fake Ghost Admin API. No
 * workflow is imported: the browser test imports them through the editor, as a publisher does.
 */
export async function startEditorStack(workDir: string): Promise<EditorStack> {
	const cm = await startSimulator({ seed: 'empty' });
	cm.account.addClient(UI_ACCOUNT.client);
	for (const list of UI_ACCOUNT.lists) {
		cm.account.addList(UI_ACCOUNT.client.ClientID, list);
		for (const spec of ENSURED_GHOST_FIELDS) cm.account.createCustomField(list.ListID, spec);
	}
	// A field the publisher added by hand: the mapper must show it, which only a live lookup can.
	cm.account.createCustomField(UI_ACCOUNT.lists[0].ListID, {
		FieldName: UI_ACCOUNT.handMadeField,
		DataType: 'Text',
	});
	cm.account.upsert(UI_ACCOUNT.lists[0].ListID, {
		...UI_ACCOUNT.subscriber,
		CustomFields: [{ Key: 'ghost_status', Value: 'paid' }],
		ConsentToTrack: 'Unchanged',
	});
	const ghostKey = `${'6'.repeat(24)}:${'ab'.repeat(32)}`;
	const ghost = await new FakeGhost({ adminKey: ghostKey }).listen();

	const tarball = await buildAndPack();
	const n8n = await N8nInstance.create(join(workDir, 'n8n'), tarball);
	await n8n.importCredentials([
		{
			...CREDENTIALS.campaignMonitor,
			type: 'campaignMonitorApi',
			data: { apiKey: 'sim-api-key', baseUrl: cm.url, allowHttp: true },
		},
		{
			...CREDENTIALS.ghost,
			type: 'ghostMembersAdminApi',
			data: { url: ghost.url, apiKey: ghostKey, allowHttp: true },
		},
	]);
	await n8n.start();
	const apiKey = await n8n.createApiKey('dead letters');
	await n8n.importCredentials([
		{
			...CREDENTIALS.n8nApi,
			type: 'ghostCmN8nApi',
			data: { apiKey, baseUrl: `${n8n.url}/api/v1` },
		},
	]);

	return {
		n8n,
		cm,
		async stop() {
			await n8n.stop();
			await ghost.close();
			await cm.close();
		},
	};
}

/**
 * For working on the browser suite: `UI_STACK=<file>` names a JSON file `{ "url": … }` of an editor
 * stack already running, so a run skips the two-minute start. CI never sets it.
 */
export function runningEditorStack(file: string): EditorStack {
	const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
	const n8n = new N8nInstance(tmpdir(), Number(new URL(url).port), 0);
	return { n8n, cm: undefined as never, stop: async () => undefined };
}
