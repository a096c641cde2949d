/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- browser test: runs under Jest, reads the workflow files and UI_STACK; never shipped */
/**
 * The editor as a publisher meets it: the real n8n editor in Debian's chromium, with the packed
 * package installed and the Campaign Monitor simulator behind the credentials. Every bundled
 * workflow is imported through Import → From file, every node of this package is opened, every
 * list picker is opened From list, and the README's screenshots are taken on the way.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';

import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { REPO_ROOT } from '../harness/package';
import { assertPeersInstalled } from '../harness/peers';
import { Editor, launchChromium } from './support/editor';
import {
	CREDENTIALS,
	runningEditorStack,
	startEditorStack,
	UI_ACCOUNT,
	type EditorStack,
} from './support/editorStack';

const workflowFile = (name: string) => join(REPO_ROOT, 'workflows', name);
const LIST_TITLES = UI_ACCOUNT.lists.map((list) => list.Title);
const DEAD_LETTERS = 'Ghost → Campaign Monitor (dead letters)';

let stack: EditorStack;
let browser: Browser;
let editor: Editor;
const imported: Record<string, string> = {};

beforeAll(async () => {
	assertPeersInstalled();
	[stack, browser] = await Promise.all([
		process.env.UI_STACK
			? runningEditorStack(process.env.UI_STACK)
			: startEditorStack(mkdtempSync(join(tmpdir(), 'ghost-cm-ui-'))),
		launchChromium(),
	]);
	editor = await Editor.open(browser, stack.n8n);
	await editor.signIn();
}, 600_000);

// What the browser showed when each test ended: the first thing to look at when one fails.
afterEach(async () => {
	await editor?.screenshotOnFailure();
	// A modal left open by a failed test would block the next one.
	await editor?.page.keyboard.press('Escape').catch(() => undefined);
	await editor?.page.keyboard.press('Escape').catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
});

const workflow = async (id: string) => await stack.n8n.rest('GET', `/workflows/${id}`);

describe('README step 1: the dead-letter workflow', () => {
	test('imports from file; its settings are set again in Workflow settings (n8n drops them on an editor import)', async () => {
		imported.deadLetters = await editor.importFromFile(workflowFile('dead-letter.json'));
		expect((await workflow(imported.deadLetters)).name).toBe(DEAD_LETTERS);
		// What the sticky note and README ask for: no successful execution of it keeps member data;
		// a failed one (a dead letter that could not be recorded) stays visible.
		await editor.workflowSettings({
			'save-failed-executions': 'Save',
			'save-success-executions': 'Do not save',
		});
		const saved = await workflow(imported.deadLetters);
		expect(saved.settings).toMatchObject({
			saveDataErrorExecution: 'all',
			saveDataSuccessExecution: 'none',
		});
		// The package's n8n API credential was picked for the user: the only one of its type.
		const failedExecution = saved.nodes.find(
			(n: { name: string }) => n.name === 'Failed Execution',
		);
		expect(failedExecution.credentials.ghostCmN8nApi.name).toBe(CREDENTIALS.n8nApi.name);
		// Publish: n8n offers only published workflows as error workflows.
		await editor.publish();
		expect((await workflow(imported.deadLetters)).active).toBe(true);
	});
});

describe('README step 3: the site sync', () => {
	test('imports from file, credentials picked, the error workflow set to the dead letters', async () => {
		imported.siteSync = await editor.importFromFile(workflowFile('ghost-to-campaign-monitor.json'));
		const before = await workflow(imported.siteSync);
		// The finding this test pins: the file's errorWorkflow does not survive an editor import.
		expect(before.settings.errorWorkflow).toBeUndefined();
		await editor.workflowSettings({
			'error-workflow': DEAD_LETTERS,
			'save-failed-executions': 'Save',
			'save-success-executions': 'Do not save',
		});
		const after = await workflow(imported.siteSync);
		expect(after.settings.errorWorkflow).toBe(imported.deadLetters);
		for (const node of after.nodes.filter((n: { type: string }) =>
			n.type.endsWith('.campaignMonitor'),
		))
			expect(node.credentials.campaignMonitorApi.name).toBe('Campaign Monitor account');
		// The nodes that read the member from Ghost before and after the write.
		for (const name of ['Ghost Member Trigger', 'Member Status Diff', 'Member Sync Check'])
			expect(
				after.nodes.find((n: { name: string }) => n.name === name).credentials.ghostMembersAdminApi
					.name,
			).toBe('Ghost Admin API');
		expect(
			after.nodes.filter((n: { type: string }) => n.type === 'n8n-nodes-base.stickyNote').length,
		).toBeGreaterThan(0);
		// The whole workflow with its setup note, as the README's first picture.
		await editor.page
			.locator('[data-test-id="zoom-to-fit"]')
			.click({ timeout: 2_000 })
			.catch(() => undefined);
		await editor.screenshot('site-sync-workflow.png');
	});

	test('Ghost Member Trigger: its Campaign Monitor credential picked, the list From list', async () => {
		await editor.openNode('Ghost Member Trigger');
		expect(await editor.parameterNames()).toEqual(expect.arrayContaining(['events', 'list']));
		// n8n fills in only a node's first credential by itself: the second is picked, as the note says.
		expect(await editor.credentialShown(0)).toBe('Ghost Admin API');
		await editor.chooseCredential(1, 'Campaign Monitor account');
		expect(await editor.openFromList('list')).toEqual(LIST_TITLES);
		await editor.page
			.locator('[data-test-id="rlc-item"]:visible', { hasText: LIST_TITLES[0] })
			.click();
		await editor.screenshot('ghost-member-trigger.png');
		await editor.closeNode();
	});

	test('Member Status Diff: reads the member from Ghost; the Campaign Monitor look-up lists the account’s lists', async () => {
		await editor.openNode('Member Status Diff');
		expect(await editor.credentialShown(0)).toBe('Ghost Admin API');
		await editor.toggle('campaignMonitorLookup');
		// Turning it on asks for a Campaign Monitor credential, listed first. n8n fills in only a
		// node's first credential by itself, so it is picked here as the README says.
		await editor.chooseCredential(0, 'Campaign Monitor account');
		expect(await editor.credentialShown(0)).toBe('Campaign Monitor account');
		expect(await editor.credentialShown(1)).toBe('Ghost Admin API');
		expect(await editor.openFromList('list')).toEqual(expect.arrayContaining(LIST_TITLES));
		await editor.screenshot('member-status-diff-list-picker.png');
		await editor.closeNode();
	});

	test('Add or Update Subscriber: clients and lists From list, the mapper shows the list’s live fields', async () => {
		await editor.openNode('Add or Update Subscriber');
		expect(await editor.openFromList('client')).toEqual([UI_ACCOUNT.client.Name]);
		await editor.page
			.locator('[data-test-id="rlc-item"]:visible', { hasText: UI_ACCOUNT.client.Name })
			.click();
		expect(await editor.openFromList('list')).toEqual(LIST_TITLES);
		await editor.screenshot('campaign-monitor-list-picker.png');
		await editor.page
			.locator('[data-test-id="rlc-item"]:visible', { hasText: LIST_TITLES[0] })
			.click();
		await editor.refreshMapper();
		await editor.page
			.locator('[data-test-id="resource-mapper-container"]')
			.getByText(UI_ACCOUNT.handMadeField)
			.waitFor();
		expect(await editor.mapperText()).toContain(UI_ACCOUNT.handMadeField);
		expect(await editor.mapperFields()).toEqual(
			expect.arrayContaining(ENSURED_GHOST_FIELDS.map((f) => f.FieldName)),
		);
		await editor.page
			.locator('[data-test-id="resource-mapper-container"]')
			.scrollIntoViewIfNeeded();
		await editor.screenshot('campaign-monitor-field-mapping.png');
		await editor.closeNode();
	});

	test('Member Sync Check opens with its Ghost credential and the item it checks', async () => {
		await editor.openNode('Member Sync Check');
		expect(await editor.credentialShown()).toBe('Ghost Admin API');
		expect(await editor.parameterNames()).toEqual(
			expect.arrayContaining(['syncedItem', 'maxPasses']),
		);
		await editor.screenshot('member-sync-check.png');
		await editor.closeNode();
	});

	test('Unsubscribe and Delete Subscriber open with the list picker', async () => {
		for (const name of ['Unsubscribe Subscriber', 'Delete Subscriber']) {
			await editor.openNode(name);
			expect(await editor.openFromList('list')).toEqual(LIST_TITLES);
			await editor.page.keyboard.press('Escape');
			await editor.closeNode();
		}
	});

	test('a second import of the file (a second site) gets a webhook URL of its own', async () => {
		const second = await editor.importFromFile(workflowFile('ghost-to-campaign-monitor.json'));
		const webhookIdOf = async (id: string) =>
			(await workflow(id)).nodes.find((n: { name: string }) => n.name === 'Ghost Member Trigger')
				.webhookId;
		const [first, again] = [await webhookIdOf(imported.siteSync), await webhookIdOf(second)];
		// The file carries none: the editor gives each import its own, so both copies can publish.
		expect(first).toMatch(/^[0-9a-f-]{36}$/);
		expect(again).toMatch(/^[0-9a-f-]{36}$/);
		expect(again).not.toBe(first);
	});
});

describe('README steps 2, 4 and 5: replay, full sync and catch-up', () => {
	test('the replay workflow imports with its n8n API credential', async () => {
		imported.replay = await editor.importFromFile(workflowFile('replay-dead-letters.json'));
		expect((await workflow(imported.replay)).name).toBe(
			'Ghost → Campaign Monitor (replay dead letters)',
		);
		// The package's dead-letters node names its credential; the editor shows the one of that name.
		await editor.openNode('Failed Execution');
		expect(await editor.credentialShown()).toBe(CREDENTIALS.n8nApi.name);
		await editor.closeNode();
		// Each dead letter runs through the site sync it came from, by its workflow id.
		const replay = await workflow(imported.replay);
		const syncAgain = replay.nodes.find((n: { name: string }) => n.name === 'Sync Again');
		expect(syncAgain.parameters.workflowId.value).toContain('workflowId');
	});

	test.each([
		['full-sync.json', 'Member Full Sync', 'member-full-sync-list-picker.png'],
		['catch-up.json', 'Catch Up', 'catch-up-list-picker.png'],
	])('%s imports; %s lists the clients and lists', async (file, nodeName, picture) => {
		const id = await editor.importFromFile(workflowFile(file));
		await editor.workflowSettings({
			'error-workflow': DEAD_LETTERS,
			'save-failed-executions': 'Save',
			'save-success-executions': 'Save',
		});
		expect((await workflow(id)).settings.errorWorkflow).toBe(imported.deadLetters);
		await editor.openNode(nodeName);
		// Two credentials: n8n picks the Ghost one by itself; the README says to pick both.
		await editor.chooseCredential(1, 'Campaign Monitor account');
		expect(await editor.openFromList('client')).toEqual([UI_ACCOUNT.client.Name]);
		await editor.page
			.locator('[data-test-id="rlc-item"]:visible', { hasText: UI_ACCOUNT.client.Name })
			.click();
		expect(await editor.openFromList('list')).toEqual(LIST_TITLES);
		await editor.screenshot(picture);
		await editor.closeNode();
	});
});

describe('README step 6: Campaign Monitor → Ghost', () => {
	test('imports from file with both credentials; the Campaign Monitor Trigger lists the account’s lists', async () => {
		const id = await editor.importFromFile(workflowFile('campaign-monitor-to-ghost.json'));
		await editor.workflowSettings({
			'error-workflow': DEAD_LETTERS,
			'save-failed-executions': 'Save',
			'save-success-executions': 'Do not save',
		});
		const saved = await workflow(id);
		expect(saved.settings.errorWorkflow).toBe(imported.deadLetters);
		const byName = (name: string) => saved.nodes.find((n: { name: string }) => n.name === name);
		for (const name of ['Campaign Monitor Trigger', 'Read Subscriber'])
			expect(byName(name).credentials.campaignMonitorApi.name).toBe('Campaign Monitor account');
		expect(byName('Apply to Ghost').credentials.ghostMembersAdminApi.name).toBe('Ghost Admin API');
		await editor.openNode('Campaign Monitor Trigger');
		expect(await editor.parameterNames()).toEqual(expect.arrayContaining(['events']));
		expect(await editor.openFromList('list')).toEqual(LIST_TITLES);
		await editor.screenshot('campaign-monitor-trigger.png');
		await editor.closeNode();
	});
});

describe('a node added by hand', () => {
	test('Campaign Monitor → Get a subscriber: Execute step shows the subscriber', async () => {
		await editor.newWorkflow();
		await editor.addNodeAction('Campaign Monitor', 'Get a subscriber');
		await editor.chooseFromList('client', UI_ACCOUNT.client.Name);
		await editor.chooseFromList('list', LIST_TITLES[0]);
		await editor.fill('email', UI_ACCOUNT.subscriber.EmailAddress);
		const output = await editor.executeStep(UI_ACCOUNT.subscriber.EmailAddress);
		expect(output).toContain(UI_ACCOUNT.subscriber.EmailAddress);
		expect(output).toContain(UI_ACCOUNT.subscriber.Name);
		expect(output).toContain('Active');
		await editor.screenshot('campaign-monitor-get-subscriber.png');
		await editor.closeNode();
	});

	test('Ghost Members opens with its operations', async () => {
		await editor.addNodeAction('Ghost Members', 'Get many members');
		expect(await editor.parameterNames()).toEqual(expect.arrayContaining(['operation']));
		await editor.screenshot('ghost-members.png');
		await editor.closeNode();
	});
});
