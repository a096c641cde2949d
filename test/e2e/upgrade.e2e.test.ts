/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- end-to-end test: starts the real servers, reads the previous release's files; never shipped */
/**
 * An update as a publisher makes it: 0.1.0 (the release before this one, as npm serves it,
 * test/fixtures/releases) installed, its bundled workflows imported and published as its README
 * said, one signup synced and one failed into the dead letters; then this release installed over
 * it as n8n's Community Nodes page does, and n8n restarted. The old workflows keep syncing with
 * the new code (their nodes keep their versions), and the old replay replays the old dead letter.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEAD_LETTER_TABLE } from '../../nodes/domain/sync/deadLetters';
import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { GhostSite } from '../harness/ghost';
import { N8nInstance } from '../harness/n8n';
import { buildAndPack, REPO_ROOT } from '../harness/package';
import { assertPeersInstalled } from '../harness/peers';
import { runCommand, waitFor } from '../harness/processes';
import { node, useCredential, type WorkflowFile } from '../harness/workflows';

const PREVIOUS = join(
	REPO_ROOT,
	'test',
	'fixtures',
	'releases',
	'n8n-nodes-ghost-campaign-monitor-0.1.0.tgz',
);
const CLIENT = 'c'.repeat(32);
const LIST = 'a'.repeat(32);

describe('Updated in place from 0.1.0: the workflows it imported keep syncing, its dead letter replays', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-upgrade-'));
	let cm: CampaignMonitorSimulator;
	let ghost: GhostSite;
	let n8n: N8nInstance;
	let current: string;
	let siteSyncId = '';

	/** 0.1.0's own bundled workflow, as that release shipped it. */
	const previousWorkflow = (file: string): WorkflowFile =>
		JSON.parse(readFileSync(join(workDir, 'previous', 'package', 'workflows', file), 'utf8'));
	const subscriber = (email: string) =>
		cm.account
			.snapshot()
			.lists.find((list) => list.ListID === LIST)
			?.subscribers.find((s) => s.EmailAddress === email);
	const signUp = async (email: string) =>
		await ghost.admin('POST', '/members/', { members: [{ email, name: email.split('@')[0] }] });

	beforeAll(async () => {
		assertPeersInstalled();
		cm = await startSimulator({ seed: 'empty' });
		cm.account.addClient({ ClientID: CLIENT, Name: 'Publisher' });
		cm.account.addList(CLIENT, { ListID: LIST, Title: 'Members' });
		// What 0.1.0's README had the publisher make once: Ensure custom fields exist.
		for (const spec of ENSURED_GHOST_FIELDS) cm.account.createCustomField(LIST, spec);
		await runCommand('mkdir', ['-p', join(workDir, 'previous')], { cwd: workDir });
		await runCommand('tar', ['xzf', PREVIOUS, '-C', join(workDir, 'previous')], { cwd: workDir });
		[current, ghost] = await Promise.all([buildAndPack(), GhostSite.start(join(workDir, 'ghost'))]);
		n8n = await N8nInstance.create(join(workDir, 'n8n'), PREVIOUS);
		await n8n.importCredentials([
			{
				id: 'ghostSiteACred01',
				name: 'Ghost Admin API',
				type: 'ghostMembersAdminApi',
				data: { url: ghost.url, apiKey: ghost.adminApiKey, allowHttp: true },
			},
			{
				id: 'cmSimulatorCred1',
				name: 'Campaign Monitor account',
				type: 'campaignMonitorApi',
				data: { apiKey: 'sim-api-key', baseUrl: cm.url, allowHttp: true },
			},
		]);
		// 0.1.0's dead letters and replay, with n8n's own n8n API credential as it asked.
		for (const file of ['dead-letter.json', 'replay-dead-letters.json'])
			await n8n.importWorkflow(
				useCredential(
					previousWorkflow(file),
					'n8nApi',
					'n8nApiCred00001',
					'n8n API (dead letters)',
				),
			);
		await n8n.publishWorkflow('ghostCmDeadLetter');
		await n8n.start();
		const apiKey = await n8n.createApiKey('dead letters');
		await n8n.importCredentials([
			{
				id: 'n8nApiCred00001',
				name: 'n8n API (dead letters)',
				type: 'n8nApi',
				data: { apiKey, baseUrl: `${n8n.url}/api/v1` },
			},
		]);
		// 0.1.0's site sync: the list in Settings, the credentials picked, published.
		const siteSync = useCredential(
			useCredential(
				previousWorkflow('ghost-to-campaign-monitor.json'),
				'ghostMembersAdminApi',
				'ghostSiteACred01',
				'Ghost Admin API',
			),
			'campaignMonitorApi',
			'cmSimulatorCred1',
			'Campaign Monitor account',
		);
		const settings = node(siteSync, 'Settings').parameters.assignments.assignments as any[];
		settings.find((a) => a.name === 'cmListId').value = LIST;
		siteSyncId = (await n8n.importAndPublish(siteSync, 'Ghost Member Trigger')).id;
		await waitFor('0.1.0’s webhooks in Ghost', async () => (await ghost.webhooks()).length === 3);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await ghost?.stop();
		await cm?.close();
	});

	it('0.1.0 syncs, and records a failed signup as a dead letter', async () => {
		await signUp('before@example.com');
		await waitFor(
			'before@ in the list',
			async () => subscriber('before@example.com')?.State === 'Active',
		);
		cm.addFault({ path: '^/subscribers/', status: 500, times: 100_000 });
		await signUp('failed@example.com');
		const pending = await waitFor(
			'the dead letter',
			async () => {
				const rows = await n8n.dataTableRows(DEAD_LETTER_TABLE);
				return rows.some((row) => row.status === 'pending') && rows;
			},
			{ timeoutMs: 180_000, intervalMs: 1000 },
		);
		expect(pending.filter((row: any) => row.status === 'pending')).toHaveLength(1);
		cm.clearFaults();
	});

	it('after the update and a restart: the same workflows are published, still sync, and the old replay replays the dead letter', async () => {
		await n8n.stop();
		await n8n.installPackage(current);
		await n8n.start();
		const installed = JSON.parse(
			readFileSync(
				join(
					workDir,
					'n8n',
					'.n8n',
					'nodes',
					'node_modules',
					'n8n-nodes-ghost-campaign-monitor',
					'package.json',
				),
				'utf8',
			),
		);
		expect(installed.version).not.toBe('0.1.0');
		const siteSync = await n8n.rest('GET', `/workflows/${siteSyncId}`);
		expect(siteSync.active).toBe(true);
		// Its nodes keep the versions they were saved with: the trigger 1.1, no list of its own.
		expect(siteSync.nodes.find((n: any) => n.name === 'Ghost Member Trigger').typeVersion).toBe(
			1.1,
		);
		// Still one webhook per event in Ghost (n8n re-registered nothing twice).
		expect((await ghost.webhooks()).map((hook) => hook.event).sort()).toEqual([
			'member.added',
			'member.deleted',
			'member.edited',
		]);

		await signUp('after@example.com');
		await waitFor(
			'after@ in the list, synced by the old workflow on the new code',
			async () => subscriber('after@example.com')?.State === 'Active',
		);

		const replay = await n8n.runManually('ghostCmDlqReplay1', 'Replay Now');
		expect(replay.status).toBe('success');
		expect(subscriber('failed@example.com')?.State).toBe('Active');
		const rows = await n8n.dataTableRows(DEAD_LETTER_TABLE);
		expect(rows.map((row: any) => row.status)).toEqual(['replayed']);
	});
});
