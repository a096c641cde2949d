/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- end-to-end test: starts the real servers; never shipped */
/**
 * The setup node in the real n8n, against two real Ghost sites: a site set up in one step
 * (Preview, then Set Up), a second site whose Ghost cannot reach n8n at first, and a re-run after
 * the package is updated in place under the workflows it made.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { GhostSite } from '../harness/ghost';
import { N8nInstance } from '../harness/n8n';
import { buildAndPack, packPreviousRelease } from '../harness/package';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { n8nWorkflows, runSetupNode } from '../harness/setupNode';
import { bundledWorkflow, node, useCredential } from '../harness/workflows';

const CLIENT = 'c'.repeat(32);
const LIST_A = 'a'.repeat(32);
const LIST_B = 'b'.repeat(32);
const CM = { id: 'cmSimulatorCred1', name: 'Campaign Monitor account' };
const GHOST_A = { id: 'ghostSiteACred01', name: 'Ghost A' };
const GHOST_B = { id: 'ghostSiteBCred01', name: 'Ghost B' };
const API = { id: 'setupApiCred0001', name: 'Ghost → Campaign Monitor Setup API' };

describe('Ghost → Campaign Monitor Setup: a site in one step, a second site, an update', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-setup-'));
	let cm: CampaignMonitorSimulator;
	let siteA: GhostSite;
	let siteB: GhostSite;
	let n8n: N8nInstance;
	let current: string;

	const setUp = (site: 'A' | 'B', operation: 'preview' | 'setUp', options = {}) =>
		runSetupNode(n8n, {
			ghostCredential: site === 'A' ? GHOST_A : GHOST_B,
			cmCredential: CM,
			apiCredential: API,
			listId: site === 'A' ? LIST_A : LIST_B,
			siteName: `Site ${site}`,
			operation,
			options,
		});
	const subscriber = (listId: string, email: string) =>
		cm.account
			.snapshot()
			.lists.find((list) => list.ListID === listId)
			?.subscribers.find((s) => s.EmailAddress === email);
	const KINDS = ['deadLetters', 'replay', 'siteSync', 'catchUp', 'fullSync', 'cmToGhost', 'health'];
	/** The setup's rows about workflows, and one row by its kind. */
	const workflowRows = (items: any[]) => items.filter((item) => KINDS.includes(item.kind));
	const rowOf = (items: any[], kind: string) => items.find((item) => item.kind === kind);
	const outcomes = (items: any[]) =>
		Object.fromEntries(workflowRows(items).map((item) => [item.kind, item.outcome]));

	beforeAll(async () => {
		assertPeersInstalled();
		cm = await startSimulator({ seed: 'empty' });
		cm.account.addClient({ ClientID: CLIENT, Name: 'Publisher' });
		// No custom fields: the setup makes them.
		cm.account.addList(CLIENT, { ListID: LIST_A, Title: 'Site A members' });
		cm.account.addList(CLIENT, { ListID: LIST_B, Title: 'Site B members' });
		let tarball: string;
		[tarball, siteA, siteB] = await Promise.all([
			buildAndPack(),
			GhostSite.start(join(workDir, 'ghost-a')),
			// Ghost's production default: no webhooks to private or loopback addresses (our n8n's).
			GhostSite.start(join(workDir, 'ghost-b'), { allowInternalWebhooks: false }),
		]);
		current = tarball;
		// The release before this one: the same package with the full sync defined otherwise.
		n8n = await N8nInstance.create(join(workDir, 'n8n'), await packPreviousRelease(tarball));
		await n8n.importCredentials([
			...[
				[GHOST_A, siteA],
				[GHOST_B, siteB],
			].map(([credential, site]) => ({
				...(credential as typeof GHOST_A),
				type: 'ghostMembersAdminApi',
				data: {
					url: (site as GhostSite).url,
					apiKey: (site as GhostSite).adminApiKey,
					allowHttp: true,
				},
			})),
			{
				...CM,
				type: 'campaignMonitorApi',
				data: { apiKey: 'sim-api-key', baseUrl: cm.url, allowHttp: true },
			},
		]);
		await n8n.start();
		const apiKey = await n8n.createApiKey('setup');
		await n8n.importCredentials([
			{ ...API, type: 'ghostCmN8nApi', data: { apiKey, baseUrl: `${n8n.url}/api/v1` } },
		]);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([siteA?.stop(), siteB?.stop()]);
		await cm?.close();
	});

	it('Preview checks every credential and the list, says what it would make, and changes nothing', async () => {
		const before = (await n8nWorkflows(n8n)).length;
		const preview = await setUp('A', 'preview');
		expect(preview.status).toBe('success');
		expect(rowOf(preview.items, 'checks')).toMatchObject({
			outcome:
				"Ghost site “E2E Publication”, Campaign Monitor list “Site A members” and n8n's API: all work",
			listId: LIST_A,
		});
		expect(rowOf(preview.items, 'fields')).toMatchObject({
			missing: ENSURED_GHOST_FIELDS.length,
			outcome: expect.stringMatching(/to create: ghost_status, .*ghost_tiers/),
		});
		expect(rowOf(preview.items, 'fullSyncPlan').fullSyncPlan).toMatchObject({
			dryRun: true,
			ghostMembers: 0,
		});
		expect(workflowRows(preview.items).map((step) => [step.kind, step.action])).toEqual([
			['deadLetters', 'create'],
			['replay', 'create'],
			['siteSync', 'create'],
			['catchUp', 'create'],
			['fullSync', 'create'],
			['cmToGhost', 'create'],
			['health', 'create'],
		]);
		// Only the preview's own workflow was added.
		expect(await n8nWorkflows(n8n)).toHaveLength(before + 1);
		expect(cm.account.snapshot().lists[0].customFields).toEqual([]);
	});

	it('Set Up makes the fields and seven workflows, publishes them, and the site syncs both ways', async () => {
		const run = await setUp('A', 'setUp');
		expect(run.error).toBeUndefined();
		const steps = workflowRows(run.items);
		expect(rowOf(run.items, 'delivery')).toMatchObject({ ok: true });
		expect(rowOf(run.items, 'deliveryPaths')).toMatchObject({ outcome: 'all in place', ok: true });
		expect(rowOf(run.items, 'fields').created).toBe(ENSURED_GHOST_FIELDS.length);
		expect(steps.map((step) => [step.kind, step.outcome, step.published])).toEqual([
			['deadLetters', 'created', true],
			['replay', 'created', false],
			['siteSync', 'created', true],
			['catchUp', 'created', true],
			['fullSync', 'created', true],
			['cmToGhost', 'created', true],
			['health', 'created', true],
		]);
		for (const step of steps) expect(step.link).toBe(`${n8n.url}/workflow/${step.id}`);
		// Each workflow names the dead letters as its error workflow, and only site A's credentials.
		const made = (await n8nWorkflows(n8n)).filter((w) => steps.some((s) => s.id === w.id));
		const deadLetters = steps[0].id;
		for (const workflow of made.filter((w) => w.id !== deadLetters && !/replay/.test(w.name)))
			expect(workflow.settings.errorWorkflow).toBe(deadLetters);
		const ghostIds = made.flatMap((w: any) =>
			w.nodes.flatMap((node: any) => node.credentials?.ghostMembersAdminApi?.id ?? []),
		);
		expect(new Set(ghostIds)).toEqual(new Set([GHOST_A.id]));

		await siteA.admin('POST', '/members/', {
			members: [{ email: 'ada@example.com', name: 'Ada' }],
		});
		await waitFor(
			'ada@ in list A',
			async () => subscriber(LIST_A, 'ada@example.com')?.State === 'Active',
		);
		cm.account.setState(LIST_A, 'ada@example.com', 'Unsubscribed');
		await waitFor('Ghost to stop ada@’s newsletters', async () => {
			const member = await siteA.memberByEmail('ada@example.com');
			return member?.newsletters?.length === 0;
		});
	});

	it('a second site whose Ghost cannot reach n8n: the failure named; after the fix a re-run completes, each site in its own list', async () => {
		const failed = await setUp('B', 'setUp');
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toMatch(
			/Ghost could not deliver to n8n at http:\/\/127\.0\.0\.1/,
		);
		expect(failed.error?.message).toMatch(/allowWebhookInternalIPs/);
		expect(failed.error?.description).toMatch(/run Set Up again/);

		// The fix a self-hosted publisher makes: let Ghost deliver to n8n's private address.
		await siteB.restart({ allowInternalWebhooks: true });
		const fixed = await setUp('B', 'setUp');
		expect(fixed.error).toBeUndefined();
		expect(outcomes(fixed.items)).toEqual({
			deadLetters: 'up to date',
			replay: 'up to date',
			siteSync: 'up to date',
			catchUp: 'created',
			fullSync: 'created',
			cmToGhost: 'created',
			health: 'created',
		});

		await siteB.admin('POST', '/members/', {
			members: [{ email: 'ben@example.com', name: 'Ben' }],
		});
		await siteA.admin('POST', '/members/', {
			members: [{ email: 'cleo@example.com', name: 'Cleo' }],
		});
		await waitFor(
			'ben@ in list B',
			async () => subscriber(LIST_B, 'ben@example.com')?.State === 'Active',
		);
		await waitFor(
			'cleo@ in list A',
			async () => subscriber(LIST_A, 'cleo@example.com')?.State === 'Active',
		);
		expect(subscriber(LIST_A, 'ben@example.com')).toBeUndefined();
		expect(subscriber(LIST_B, 'cleo@example.com')).toBeUndefined();
		const siteBWorkflows = workflowRows(fixed.items)
			.filter((item: any) => item.outcome === 'created')
			.map((item: any) => item.id);
		for (const workflow of (await n8nWorkflows(n8n)).filter((w) => siteBWorkflows.includes(w.id)))
			for (const node of workflow.nodes)
				if (node.credentials?.ghostMembersAdminApi)
					expect(node.credentials.ghostMembersAdminApi.id).toBe(GHOST_B.id);
	});

	it('the site sync imported by hand: with no list, or a list the credential cannot see, its trigger is refused at publish with the fix named', async () => {
		const siteSync = bundledWorkflow('ghost-to-campaign-monitor.json');
		useCredential(siteSync, 'ghostMembersAdminApi', GHOST_B.id, GHOST_B.name);
		useCredential(siteSync, 'campaignMonitorApi', CM.id, CM.name);
		const trigger = node(siteSync, 'Ghost Member Trigger');
		const publishedTrigger = async () => {
			const { id } = await n8n.importAndPublish(siteSync, 'Ghost Member Trigger');
			const saved = await n8n.rest('GET', `/workflows/${id}`);
			const triggerId = saved.nodes.find((n: any) => n.name === 'Ghost Member Trigger').id;
			const status = await n8n.publicationStatus(id);
			return status.triggers.find((t) => t.nodeId === triggerId);
		};
		// As the file ships: no list chosen. n8n itself refuses to publish (a required parameter).
		await expect(n8n.importAndPublish(siteSync, 'Ghost Member Trigger')).rejects.toThrow(
			/Missing or invalid required parameters: list/,
		);
		// A list id from another account (or a placeholder typed in).
		trigger.parameters.list = { __rl: true, mode: 'id', value: 'f'.repeat(32) };
		expect(await publishedTrigger()).toMatchObject({
			status: 'failed',
			errorMessage: expect.stringContaining(
				`Campaign Monitor has no list "${'f'.repeat(32)}" that this Campaign Monitor credential can see`,
			),
		});
	});

	it('after the package is updated in place, a re-run updates what nobody edited and reports what the publisher edited', async () => {
		const catchUp = rowOf((await setUp('A', 'preview')).items, 'catchUp');
		// The publisher raises the catch-up's alert threshold in the editor.
		await n8n.editWorkflow(catchUp.id, (workflow) => {
			const check = workflow.nodes.find((node: any) => node.name === 'Check Delivery Paths');
			check.parameters.missedThreshold = 20;
		});
		// Meanwhile Ghost lost the site's member.edited webhook (deleted in Ghost Admin).
		const edited = (await siteA.webhooks()).find((hook) => hook.event === 'member.edited');
		await siteA.admin('DELETE', `/webhooks/${edited!.id}/`);
		// Updated as the Community Nodes page does: the new release over the old, n8n restarted.
		await n8n.stop();
		await n8n.installPackage(current);
		await n8n.start();
		// n8n publishing the site sync at start checks its webhooks: the lost one is back.
		await waitFor('member.edited registered again at start', async () =>
			(await siteA.webhooks()).some((hook) => hook.event === 'member.edited'),
		);
		// Lost again while n8n runs: the setup's re-run finds it missing and registers it.
		const again = (await siteA.webhooks()).find((hook) => hook.event === 'member.edited');
		await siteA.admin('DELETE', `/webhooks/${again!.id}/`);

		const rerun = await setUp('A', 'setUp');
		expect(rerun.error).toBeUndefined();
		expect(outcomes(rerun.items)).toEqual({
			deadLetters: 'up to date',
			replay: 'up to date',
			siteSync: 'up to date',
			catchUp: 'kept as you edited it',
			fullSync: 'updated',
			cmToGhost: 'up to date',
			health: 'up to date',
		});
		expect(rowOf(rerun.items, 'deliveryPaths')).toMatchObject({
			outcome:
				'Ghost had no member.edited webhook for this site (deleted in Ghost Admin, or dropped by Ghost): registered it again',
			repairs: 1,
		});
		const kept = rowOf(rerun.items, 'catchUp');
		expect(kept.differences).toEqual(['node "Check Delivery Paths": parameters differ']);
		const fullSync = (await n8nWorkflows(n8n)).find(
			(w) => w.id === rowOf(rerun.items, 'fullSync').id,
		);
		expect(
			fullSync.nodes.find((n: any) => n.name === 'Member Full Sync').parameters.options,
		).toMatchObject({
			detailLimit: 1000,
		});
		// Still one webhook of each kind, in Ghost and in Campaign Monitor.
		const hooks = await siteA.webhooks();
		expect(hooks.map((hook) => hook.event).sort()).toEqual([
			'member.added',
			'member.deleted',
			'member.edited',
		]);
		expect(cm.account.snapshot().lists.find((l) => l.ListID === LIST_A)?.webhooks).toHaveLength(1);
		await siteA.admin('POST', '/members/', {
			members: [{ email: 'dev@example.com', name: 'Dev' }],
		});
		await waitFor(
			'dev@ in list A after the update',
			async () => subscriber(LIST_A, 'dev@example.com')?.State === 'Active',
		);
	});
});
