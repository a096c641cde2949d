/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- browser-test harness: drives Debian's chromium; never shipped */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { N8N_OWNER, type N8nInstance } from '../../harness/n8n';
import { waitFor } from '../../harness/processes';
import { REPO_ROOT } from '../../harness/package';
import { recordFingerprint } from '../../helpers/screenshots';

/** Debian's chromium; playwright-core downloads no browser. `npm run peers` installs it when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * The README's pictures are rewritten only when asked (UPDATE_SCREENSHOTS=1 npm run test:ui);
 * otherwise they go to a temporary folder, so a test run leaves the working tree as it was.
 */
export const SCREENSHOTS =
	process.env.UPDATE_SCREENSHOTS === '1'
		? join(REPO_ROOT, 'docs', 'images')
		: join(tmpdir(), 'ghost-cm-ui-screenshots');

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM))
		throw new Error(
			`No chromium at ${CHROMIUM}. Run: npm run peers (it installs Debian's chromium)`,
		);
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
}

/** One n8n editor tab, driven the way the README tells a publisher to click. */
export class Editor {
	constructor(
		readonly page: Page,
		private readonly n8n: N8nInstance,
	) {
		// Leaving a workflow with unsaved edits asks first; the tests leave on purpose.
		page.on('dialog', (dialog) => void dialog.accept());
	}

	static async open(browser: Browser, n8n: N8nInstance): Promise<Editor> {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(30_000);
		return new Editor(page, n8n);
	}

	async signIn() {
		await this.page.goto(`${this.n8n.url}/signin`);
		await this.page.getByLabel(/email/i).fill(N8N_OWNER.email);
		await this.page.getByLabel(/password/i).fill(N8N_OWNER.password);
		await this.page.getByRole('button', { name: /sign in/i }).click();
		await this.page.waitForURL(/\/home|\/workflows?/);
	}

	async newWorkflow() {
		await this.page.goto(`${this.n8n.url}/workflow/new`);
		await this.page.locator('[data-test-id="workflow-menu"]').waitFor();
	}

	/**
	 * Workflow menu (…) → Import → From file. n8n 2.x stores the imported workflow by itself a moment
	 * later; this waits for that save (the one carrying the file's name), so what the test reads back
	 * is what the user would find. Returns the workflow's id.
	 */
	async importFromFile(file: string): Promise<string> {
		const { name } = JSON.parse(readFileSync(file, 'utf8')) as { name: string };
		await this.newWorkflow();
		const stored = this.page.waitForResponse(
			(response) =>
				/\/rest\/workflows/.test(response.url()) &&
				['POST', 'PATCH'].includes(response.request().method()) &&
				(response.request().postData() ?? '').includes(`"name":${JSON.stringify(name)}`) &&
				response.ok(),
			{ timeout: 60_000 },
		);
		await this.page.locator('[data-test-id="workflow-menu"]').click();
		await this.page.locator('[data-test-id="workflow-menu-item-import"]').hover();
		const [chooser] = await Promise.all([
			this.page.waitForEvent('filechooser'),
			this.page.locator('[data-test-id="workflow-menu-item-import-from-file"]').click(),
		]);
		await chooser.setFiles(file);
		await this.page.locator('[data-test-id="canvas-node"]').first().waitFor();
		await stored;
		return /\/workflow\/([A-Za-z0-9]+)/.exec(this.page.url())![1];
	}

	/** Publish → Publish (n8n 2.x asks for an optional version name first). */
	async publish() {
		await this.page.locator('[data-test-id="workflow-open-publish-modal-button"]').click();
		await this.page.locator('[data-test-id="workflow-publish-button"]').click();
		await this.page.locator('[data-test-id="workflowPublish-modal"]').waitFor({ state: 'hidden' });
	}

	/** Workflow menu → Settings: choose from the drop-downs by their visible labels, then Save. */
	async workflowSettings(
		choices: Partial<
			Record<'error-workflow' | 'save-failed-executions' | 'save-success-executions', string>
		>,
	) {
		await this.page.locator('[data-test-id="workflow-menu"]').click();
		await this.page.locator('[data-test-id="workflow-menu-item-settings"]').click();
		const dialog = this.page.locator('[data-test-id="workflow-settings-dialog"]');
		for (const [setting, label] of Object.entries(choices)) {
			await dialog.locator(`[data-test-id="workflow-settings-${setting}"]`).click();
			// The error-workflow list is searched on the server as you type: a fresh answer, so a
			// workflow published a moment ago is offered (the list it opens with can be older).
			if (setting === 'error-workflow') await this.page.keyboard.type(label.slice(-14));
			await this.option(label).click();
			await this.page
				.locator('.el-select-dropdown:visible')
				.waitFor({ state: 'hidden' })
				.catch(() => undefined);
		}
		// The test id sits on a full-width wrapper in the modal's footer: click the button itself.
		await this.page.locator('[data-test-id="workflow-settings-save-button"] button').click();
		await dialog.waitFor({ state: 'hidden' });
	}

	/** The drop-down entry with exactly this text, in the drop-down that opened last. */
	option(label: string): Locator {
		const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
		return this.page
			.locator('.el-select-dropdown__item:visible:not(.is-disabled)')
			.filter({ hasText: exact })
			.last();
	}

	canvasNode(name: string): Locator {
		return this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	}

	/** Double-click a node: its panel (NDV) opens. */
	async openNode(name: string): Promise<Locator> {
		await this.canvasNode(name).dblclick();
		const panel = this.page.locator('[data-test-id="ndv"]');
		await panel.locator('[data-test-id^="parameter-input-"]').first().waitFor();
		return panel;
	}

	/** Escape until the panel is gone (a drop-down open inside it takes the first Escape). */
	async closeNode() {
		const panel = this.page.locator('[data-test-id="ndv"]');
		for (let i = 0; i < 3 && (await panel.isVisible()); i++) {
			// A focused drop-down swallows Escape: click the panel's title bar first.
			await this.page.mouse.click(300, 44);
			await this.page.keyboard.press('Escape');
			await panel.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
		}
	}

	/** Picks a credential in the open panel's n-th credential drop-down (n8n fills only the first by itself). */
	async chooseCredential(index: number, name: string) {
		await this.page
			.locator('[data-test-id="ndv"] [data-test-id="node-credentials-select"]')
			.nth(index)
			.click();
		// Its entries show the credential's name and its type: match the name alone.
		await this.page.getByText(name, { exact: true }).last().click();
	}

	/**
	 * Settings → n8n API → Create API key, never expiring (the dead letters use it for good), as a
	 * publisher makes the key the setup node's credential needs. Returns the key shown once.
	 */
	async createApiKey(label: string): Promise<string> {
		await this.page.goto(`${this.n8n.url}/settings/api`);
		// With no key yet the page shows an empty state with its own button.
		await this.page.getByRole('button', { name: 'Create API key' }).first().click();
		await this.page.locator('[data-test-id="api-key-label"]').fill(label);
		await this.page.locator('[data-test-id="expiration-select"]').click();
		await this.option('Never').click();
		await this.page.getByRole('button', { name: 'Save' }).click();
		// The field shows the key shortened; its copy button copies it whole, as a person does.
		await this.page
			.context()
			.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: this.n8n.url });
		// The copy lands on the clipboard a moment after the click (copied again if it did not).
		const key = await waitFor('the API key on the clipboard', async () => {
			await this.page.locator('[data-test-id="copy-input-button"]').click();
			const copied = await this.page.evaluate<string>('navigator.clipboard.readText()');
			return copied.length > 40 && copied;
		});
		await this.page.getByRole('button', { name: 'Done' }).click();
		return key;
	}

	/**
	 * In the open panel, the index-th credential slot → create a new one (its drop-down's "Create
	 * new credential", or the "Connect to …" button a slot shows when none of its type exists),
	 * its fields filled, saved (n8n tests it), closed. n8n then picks it for the node.
	 */
	async createCredential(index: number, name: string, values: Record<string, string | boolean>) {
		const ndv = this.page.locator('[data-test-id="ndv"]');
		const slot = ndv
			.locator('[data-test-id="node-credentials-select"], button:has-text("Connect to")')
			.nth(index);
		if ((await slot.getAttribute('data-test-id')) === 'node-credentials-select') {
			await slot.click();
			await this.page.locator('[data-test-id="node-credentials-select-item-new"]:visible').click();
		} else await slot.click();
		const modal = this.page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor();
		await modal.locator('[data-test-id="credential-name"]').click();
		await modal.locator('[data-test-id="inline-edit-input"]').fill(name);
		await this.page.keyboard.press('Enter');
		for (const [parameter, value] of Object.entries(values)) {
			const input = modal.locator(`[data-test-id="parameter-input-${parameter}"]`);
			if (typeof value === 'boolean') {
				const on = (await input.locator('.el-switch.is-checked').count()) > 0;
				if (on !== value) await input.locator('.el-switch__core').click();
			} else await input.locator('input, textarea').first().fill(value);
		}
		await modal.locator('[data-test-id="credential-save-button"]').click();
		// n8n tests the credential on save; a new one made from a node closes the dialog itself
		// once it passes, an edited one stays open saying so.
		await Promise.race([
			modal.waitFor({ state: 'hidden', timeout: 30_000 }),
			modal.getByText(/Connection tested successfully/).waitFor({ timeout: 30_000 }),
		]);
		if (await modal.isVisible()) {
			await modal
				.locator('.el-dialog__headerbtn, button[aria-label="Close this dialog"]')
				.first()
				.click();
			await modal.waitFor({ state: 'hidden' });
		}
	}

	/** Chooses an entry of an options parameter (a drop-down) in the open panel. */
	async chooseOption(parameter: string, label: string) {
		await this.page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
		// An entry shows its name above its description.
		await this.page
			.locator('.el-select-dropdown__item:visible:not(.is-disabled)')
			.filter({ hasText: new RegExp(`^\\s*${label}`) })
			.last()
			.click();
	}

	/**
	 * The nodes panel searched as a publisher searches it: returns the node names it offers, picks
	 * `nodeName` and its `action`.
	 */
	async addNodeFromSearch(search: string, nodeName: string, action: string): Promise<string[]> {
		const first = this.page.locator('[data-test-id="canvas-add-button"]');
		await (
			(await first.count()) ? first : this.page.locator('[data-test-id="node-creator-plus-button"]')
		).click();
		await this.page.keyboard.type(search);
		const names = this.page.locator('[data-test-id="node-creator-item-name"]:visible');
		await names.filter({ hasText: nodeName }).first().waitFor();
		const offered = (await names.allTextContents()).map((name) => name.trim());
		await names.filter({ hasText: nodeName }).first().click();
		await this.page
			.locator('[data-test-id="node-creator-item-name"]:visible', { hasText: action })
			.first()
			.click();
		await this.page
			.locator('[data-test-id="ndv"] [data-test-id^="parameter-input-"]')
			.first()
			.waitFor();
		return offered;
	}

	/** Names of the parameters the open panel shows. */
	async parameterNames(): Promise<string[]> {
		const ids = await this.page
			.locator('[data-test-id="ndv"] [data-test-id^="parameter-input-"]')
			.evaluateAll((inputs) => inputs.map((i) => i.getAttribute('data-test-id') ?? ''));
		return [...new Set(ids.map((id) => id.replace('parameter-input-', '')))];
	}

	/**
	 * A resource locator (client, list) switched to Fixed + "From list" and opened: returns the
	 * entries the node's listSearch method answered, and leaves the drop-down open.
	 */
	async openFromList(name: string): Promise<string[]> {
		const locator = this.page.locator(`[data-test-id="resource-locator-${name}"]`);
		const param = this.page.locator('[data-test-id="parameter-item"]').filter({ has: locator });
		if (
			await locator.locator('.cm-editor, [data-test-id="inline-expression-editor-input"]').count()
		) {
			await param.hover();
			await param.getByText('Fixed', { exact: true }).click();
		}
		const mode = locator.locator('[data-test-id="rlc-mode-selector"] input');
		if ((await mode.inputValue()) !== 'From list') {
			await mode.click();
			await this.option('From list').click();
		}
		await locator.locator('[data-test-id="rlc-input"]').click();
		const items = this.page.locator('[data-test-id="rlc-item"]:visible');
		await items.first().waitFor();
		return (await items.allTextContents()).map((t) => t.trim());
	}

	async chooseFromList(name: string, entry: string) {
		await this.openFromList(name);
		await this.page.locator('[data-test-id="rlc-item"]:visible', { hasText: entry }).click();
	}

	/** The field names the resource mapper ("Values to Send") shows. */
	async mapperFields(): Promise<string[]> {
		const mapper = this.page.locator('[data-test-id="resource-mapper-container"]');
		await mapper.waitFor();
		return await mapper
			.locator('[data-test-id^="parameter-input-"]')
			.evaluateAll((inputs) =>
				inputs.map((i) => (i.getAttribute('data-test-id') ?? '').replace('parameter-input-', '')),
			);
	}

	async refreshMapper() {
		const mapper = this.page.locator('[data-test-id="resource-mapper-container"]');
		await mapper.hover();
		await mapper.getByRole('button', { name: 'Refresh' }).click();
	}

	async mapperText(): Promise<string> {
		return await this.page.locator('[data-test-id="resource-mapper-container"]').innerText();
	}

	/** Opens the node creator, searches a node and picks one of its actions (triggers are added first as n8n does). */
	async addNodeAction(nodeName: string, action: string) {
		// An empty canvas has its own "Add first step" button; otherwise the creator's + button.
		const first = this.page.locator('[data-test-id="canvas-add-button"]');
		await (
			(await first.count()) ? first : this.page.locator('[data-test-id="node-creator-plus-button"]')
		).click();
		await this.page.keyboard.type(nodeName);
		await this.page
			.locator('[data-test-id="node-creator-item-name"]', { hasText: new RegExp(`^${nodeName}$`) })
			.first()
			.click();
		const item = this.page
			.locator('[data-test-id="node-creator-item-name"]:visible', {
				hasText: new RegExp(`^${action}$`),
			})
			.first();
		// A node that also has a trigger (Campaign Monitor) lists its triggers first, on an empty
		// canvas with its actions folded away under "Actions (n)".
		const actions = this.page
			.getByText(/^Actions \(\d+\)$/)
			.filter({ visible: true })
			.first();
		await item.or(actions).first().waitFor();
		if (!(await item.isVisible())) await actions.click();
		await item.click();
		await this.page
			.locator('[data-test-id="ndv"] [data-test-id^="parameter-input-"]')
			.first()
			.waitFor();
	}

	async fill(parameter: string, value: string) {
		await this.page
			.locator(`[data-test-id="parameter-input-${parameter}"]`)
			.locator('input, textarea')
			.first()
			.fill(value);
	}

	/** "Execute step" in the open panel; returns the output panel's text once it shows `expected`. */
	async executeStep(expected: string): Promise<string> {
		await this.page.locator('[data-test-id="node-execute-button"]').click();
		const output = this.page.locator('[data-test-id="output-panel"]');
		await output.getByText(expected).first().waitFor();
		return await output.innerText();
	}

	/**
	 * The credential picked in the open panel (the index-th, for nodes with several), by the name the
	 * drop-down shows. Until the editor's credential list has loaded, n8n's drop-down shows the bare
	 * credential id (seen once in CI): that is waited out, not read.
	 */
	async credentialShown(index = 0): Promise<string> {
		const input = this.page
			.locator('[data-test-id="ndv"] [data-test-id="node-credentials-select"] input')
			.nth(index);
		const credentials = (await this.n8n.rest('GET', '/credentials')) as Array<{ id: string }>;
		const ids = new Set(credentials.map((credential) => credential.id));
		return await waitFor(
			'the credential’s name in the panel',
			async () => {
				const shown = await input.inputValue();
				return !ids.has(shown) && shown;
			},
			{ timeoutMs: 15_000 },
		);
	}

	/** Flips a boolean parameter's switch in the open panel. */
	async toggle(parameter: string) {
		await this.page
			.locator(`[data-test-id="parameter-input-${parameter}"] .el-switch__core`)
			.click();
	}

	/** The page as it is now, named after the current test, in the temporary folder. */
	async screenshotOnFailure() {
		const name = expect
			.getState()
			.currentTestName?.replace(/[^a-z0-9]+/gi, '-')
			.slice(0, 80);
		await this.page
			.screenshot({ path: join(tmpdir(), `ghost-cm-ui-${name}.png`) })
			.catch(() => undefined);
	}

	async screenshot(file: string) {
		mkdirSync(SCREENSHOTS, { recursive: true });
		// Drop-downs and toasts taken at their end, not mid-transition: the picture is what the README shows.
		await this.page.screenshot({ path: join(SCREENSHOTS, file), animations: 'disabled' });
		// What the picture shows now, so the unit tests can tell when it goes out of date.
		if (process.env.UPDATE_SCREENSHOTS === '1') recordFingerprint(file);
	}
}
