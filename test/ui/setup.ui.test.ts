/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- browser test: starts the real servers, prints the actions it counted; never shipped */
/**
 * A new publisher's path, in the real n8n editor with the package installed and two real Ghost
 * sites: from "package installed" to a site syncing both ways with the setup node, every action
 * counted as the issue counted the hand setup (a credential made, a node added, a pick, a run
 * each count once); then a second site; then a copy of the site sync imported by hand while two
 * sites' Ghost credentials exist, which n8n binds to the most recent one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { GhostSite } from '../harness/ghost';
import { N8nInstance } from '../harness/n8n';
import { buildAndPack, REPO_ROOT } from '../harness/package';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { Editor, launchChromium } from './support/editor';

const CLIENT = { ClientID: 'c'.repeat(32), Name: 'Northwind Publishing' };
const LISTS = [
	{ ListID: 'a'.repeat(32), Title: 'Northwind Weekly members' },
	{ ListID: 'b'.repeat(32), Title: 'Northwind Daily members' },
];
const SETUP = 'Ghost → Campaign Monitor Setup';

let cm: CampaignMonitorSimulator;
let weekly: GhostSite;
let daily: GhostSite;
let n8n: N8nInstance;
let browser: Browser;
let editor: Editor;
const actions: string[] = [];

/** One thing the publisher does; counted. */
async function act<T>(what: string, action: () => Promise<T>): Promise<T> {
	actions.push(what);
	return await action();
}

const subscriber = (listId: string, email: string) =>
	cm.account
		.snapshot()
		.lists.find((list) => list.ListID === listId)
		?.subscribers.find((s) => s.EmailAddress === email);

beforeAll(async () => {
	assertPeersInstalled();
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-ui-setup-'));
	cm = await startSimulator({ seed: 'empty' });
	cm.account.addClient(CLIENT);
	for (const list of LISTS) cm.account.addList(CLIENT.ClientID, list);
	let tarball: string;
	[tarball, weekly, daily, browser] = await Promise.all([
		buildAndPack(),
		GhostSite.start(join(workDir, 'weekly'), { title: 'Northwind Weekly' }),
		GhostSite.start(join(workDir, 'daily'), { title: 'Northwind Daily' }),
		launchChromium(),
	]);
	// "Package installed": no credential, no workflow.
	n8n = await N8nInstance.create(join(workDir, 'n8n'), tarball);
	await n8n.start();
	editor = await Editor.open(browser, n8n);
	await editor.signIn();
}, 600_000);

afterEach(async () => {
	await editor?.screenshotOnFailure();
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await Promise.all([weekly?.stop(), daily?.stop()]);
	await cm?.close();
});

describe('the setup node, as a new publisher meets it', () => {
	let apiKey = '';

	test('one site, from "package installed" to syncing both ways', async () => {
		apiKey = await act('Settings → n8n API: create an API key', () =>
			editor.createApiKey('Ghost sync'),
		);
		await act('create a workflow', () => editor.newWorkflow());
		const offered = await act('add the setup node (nodes panel, "Campaign Monitor")', () =>
			editor.addNodeFromSearch('Campaign Monitor', SETUP, 'Preview what the setup would do'),
		);
		expect(offered).toContain(SETUP);
		await act('create the Ghost credential', () =>
			editor.createCredential(0, 'Northwind Weekly (Ghost)', {
				url: weekly.url,
				apiKey: weekly.adminApiKey,
				allowHttp: true,
			}),
		);
		await act('create the Campaign Monitor credential', () =>
			editor.createCredential(1, 'Campaign Monitor', {
				apiKey: 'sim-api-key',
				baseUrl: cm.url,
				allowHttp: true,
			}),
		);
		await act('create the setup API credential (the key made above)', () =>
			editor.createCredential(2, 'n8n API (setup)', { apiKey, baseUrl: `${n8n.url}/api/v1` }),
		);
		await act('pick the list (From list)', () => editor.chooseFromList('list', LISTS[0].Title));
		const preview = await act('Execute step: Preview', () => editor.executeStep('will be created'));
		expect(preview).toContain(LISTS[0].Title);
		await act('Operation: Set Up', () => editor.chooseOption('operation', 'Set Up'));
		// Set Up's answer ends with Ghost's delivery to n8n, checked.
		const done = await act('Execute step: Set Up', () => editor.executeStep('Ghost reached n8n'));
		expect(done).toContain('created');
		await editor.screenshot('setup-node.png');
		console.log(`setup, one site: ${actions.length} actions\n  ${actions.join('\n  ')}`);
		expect(actions.length).toBeLessThanOrEqual(15);

		await weekly.admin('POST', '/members/', {
			members: [{ email: 'ada@example.com', name: 'Ada' }],
		});
		await waitFor(
			'ada@ in the Weekly list',
			async () => subscriber(LISTS[0].ListID, 'ada@example.com')?.State === 'Active',
		);
		cm.account.setState(LISTS[0].ListID, 'ada@example.com', 'Unsubscribed');
		await waitFor(
			'Ghost to stop ada@’s newsletters',
			async () => (await weekly.memberByEmail('ada@example.com'))?.newsletters?.length === 0,
		);
	});

	test('a further site: its Ghost credential, its list, Set Up', async () => {
		const before = actions.length;
		await act('create the second site’s Ghost credential', () =>
			editor.createCredential(0, 'Northwind Daily (Ghost)', {
				url: daily.url,
				apiKey: daily.adminApiKey,
				allowHttp: true,
			}),
		);
		await act('pick its list', () => editor.chooseFromList('list', LISTS[1].Title));
		const done = await act('Execute step: Set Up', () =>
			editor.executeStep('full sync: Northwind Daily'),
		);
		expect(done).toContain('created');
		const further = actions.slice(before);
		console.log(`setup, a further site: ${further.length} actions\n  ${further.join('\n  ')}`);
		expect(further.length).toBeLessThanOrEqual(8);

		await daily.admin('POST', '/members/', {
			members: [{ email: 'ben@example.com', name: 'Ben' }],
		});
		await waitFor(
			'ben@ in the Daily list',
			async () => subscriber(LISTS[1].ListID, 'ben@example.com')?.State === 'Active',
		);
		expect(subscriber(LISTS[0].ListID, 'ben@example.com')).toBeUndefined();
	});

	test('the health page after a failed signup: its numbers are the executions’ and the dead letters’; the reader lookup repairs the reader', async () => {
		const list = LISTS[0].ListID;
		// The catch-up (every 10 minutes) would repair the reader too: the repair here is the lookup's.
		const before = await n8n.rest('GET', '/workflows');
		const catchUp = (before.data ?? before).find(
			(w: { name: string }) => w.name === 'Ghost → Campaign Monitor (catch-up: Northwind Weekly)',
		);
		await n8n.deactivateWorkflow(catchUp.id);
		cm.addFault({ path: '^/subscribers/', status: 500, times: 100_000 });
		const { members } = await weekly.admin('POST', '/members/', {
			members: [{ email: 'failed@example.com', name: 'Failed' }],
		});
		await waitFor(
			'its dead letter',
			async () =>
				(await n8n.dataTableRows('ghost_cm_dead_letters')).some(
					(row) => row.status === 'pending' && row.memberId === members[0].id,
				),
			{ timeoutMs: 120_000, intervalMs: 1000 },
		);
		cm.clearFaults();
		const listed = await n8n.rest('GET', '/workflows');
		const workflows = listed.data ?? listed;
		const byName = (name: string) => workflows.find((w: { name: string }) => w.name === name);
		const health = await n8n.rest(
			'GET',
			`/workflows/${byName('Ghost → Campaign Monitor (health: Northwind Weekly)').id}`,
		);
		const formUrl = (node: string) =>
			`${n8n.url}/form/${health.nodes.find((n: { name: string }) => n.name === node).webhookId}`;

		// The page, as a logged-in n8n user opens it.
		// n8n asks once per form whether it may run with the user's login.
		const allow = async () => {
			const button = editor.page.getByRole('button', { name: 'Allow access' });
			if (await button.isVisible().catch(() => false)) await button.click();
		};
		await editor.page.goto(formUrl('Health Page'));
		await editor.page
			.getByRole('button', { name: /Allow access|Submit/ })
			.first()
			.waitFor();
		await allow();
		await editor.page.getByRole('button', { name: 'Submit' }).click();
		await editor.page
			.getByRole('heading', { name: 'Ghost → Campaign Monitor: Northwind Weekly' })
			.waitFor();
		const text = await editor.page.locator('body').innerText();
		const siteSync = byName('Ghost → Campaign Monitor (site sync: Northwind Weekly)');
		const today = new Date().toISOString().slice(0, 10);
		const executions = (await n8n.executions(siteSync.id)) as Array<{
			status: string;
			startedAt?: string;
		}>;
		const runsToday = executions.filter((e) => String(e.startedAt ?? today).startsWith(today));
		const pending = (await n8n.dataTableRows('ghost_cm_dead_letters')).filter(
			(row) => row.status === 'pending',
		);
		expect(text).toContain(
			`Today: ${runsToday.length} (${runsToday.filter((e) => e.status === 'error').length} failed)`,
		);
		expect(text).toContain(`Dead letters pending: ${pending.length}`);
		expect(text).toContain(
			'dead letter(s) wait: run "Ghost → Campaign Monitor (replay dead letters)"',
		);
		await editor.screenshot('health-page.png');

		// The reader lookup, with Repair now.
		await editor.page.goto(formUrl('Reader Lookup'));
		await editor.page
			.getByRole('button', { name: /Allow access|Submit/ })
			.first()
			.waitFor();
		await allow();
		await editor.page.locator('input[type="email"]').fill('failed@example.com');
		await editor.page.locator('select').selectOption('Yes');
		await editor.page.getByRole('button', { name: 'Submit' }).click();
		await editor.page.getByText('repaired: add').waitFor();
		const answer = await editor.page.locator('body').innerText();
		expect(answer).toContain('1 dead letter(s) for them settled');
		expect(answer).toContain('Should be: Active');
		expect(answer).toMatch(/Dead letters pending\s+0/);
		await editor.screenshot('reader-lookup.png');
		expect(
			cm.account
				.snapshot()
				.lists.find((l) => l.ListID === list)
				?.subscribers.filter((s) => s.EmailAddress === 'failed@example.com')
				.map((s) => s.State),
		).toEqual(['Active']);
	});

	test('a site sync imported by hand while two sites’ Ghost credentials exist: refused before it publishes, saying why', async () => {
		const id = await editor.importFromFile(
			join(REPO_ROOT, 'workflows', 'ghost-to-campaign-monitor.json'),
		);
		const imported = await n8n.rest('GET', `/workflows/${id}`);
		const trigger = imported.nodes.find((n: { name: string }) => n.name === 'Ghost Member Trigger');
		// n8n picked the most recently updated Ghost credential for the publisher: the Daily site's.
		expect(trigger.credentials.ghostMembersAdminApi.name).toBe('Northwind Daily (Ghost)');
		await editor.openNode('Ghost Member Trigger');
		await editor.chooseCredential(1, 'Campaign Monitor');
		await editor.chooseFromList('list', LISTS[0].Title);
		await editor.closeNode();
		await editor.page.locator('[data-test-id="workflow-open-publish-modal-button"]').click();
		await editor.page.locator('[data-test-id="workflow-publish-button"]').click();
		// n8n 2.40 publishes in the background and reports each trigger: the Ghost Member Trigger
		// failed with the reason, so it registers nothing in Ghost and never runs.
		const status = await n8n.publicationStatus(id);
		const ghostTrigger = status.triggers.find((t) => t.nodeId === trigger.id);
		expect(ghostTrigger?.status).toBe('failed');
		expect(ghostTrigger?.errorMessage).toMatch(
			/already syncs the (Ghost site|Campaign Monitor list)/,
		);
		// The publisher is told in the editor, with the fix.
		await editor.page
			.getByText(/already syncs the (Ghost site|Campaign Monitor list).*pick this site’s own/)
			.first()
			.waitFor();
		await editor.screenshot('setup-refused-second-copy.png');
	});
});
