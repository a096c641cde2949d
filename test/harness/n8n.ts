/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/require-node-api-error, @typescript-eslint/no-explicit-any -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse as unflatten } from 'flatted';

import { peers } from './peers';
import { freePort, runCommand, startProcess, waitFor, type RunningProcess } from './processes';

/** The package's nodes (and n8n's) that receive webhooks. */
const WEBHOOK_NODE_TYPES = [
	'n8n-nodes-ghost-campaign-monitor.ghostMemberTrigger',
	'n8n-nodes-ghost-campaign-monitor.campaignMonitorTrigger',
	'n8n-nodes-base.webhook',
];

/** What n8n 2.40 answers on every route while its database is not marked migrated (abstract-server.js). */
const N8N_NOT_READY = 'n8n is starting up. Please wait';

export const N8N_OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Qx7vLbT9mRw4zPk2',
};

export interface N8nExecutionSummary {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
}

/** n8n's execution statuses before the end: queued (`new`), under way, or waiting to resume. */
export const executionFinished = (execution: { status: string }) =>
	!['new', 'running', 'waiting'].includes(execution.status);

/** Installs the packed package into an n8n nodes folder as n8n's installer does. */
async function installTarball(nodesDir: string, packageTarball: string) {
	await runCommand(
		'npm',
		[
			'install',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			'--legacy-peer-deps',
			packageTarball,
		],
		{ cwd: nodesDir },
	);
}

/** The real n8n (2.40.x, SQLite) with this package installed as a community package. */
export class N8nInstance {
	readonly env: NodeJS.ProcessEnv;
	readonly url: string;
	private process?: RunningProcess;
	private cookie = '';

	constructor(
		private readonly userFolder: string,
		readonly port: number,
		brokerPort: number,
	) {
		this.url = `http://127.0.0.1:${port}`;
		this.env = {
			PATH: `${peers.node24Bin}:${process.env.PATH}`,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_HOST: '127.0.0.1',
			N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-a-secret',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			DB_SQLITE_POOL_SIZE: '2',
			// The README's "Tuning n8n for Ghost webhooks": an isolate only when an expression runs.
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		};
	}

	/** Installs the packed package the way n8n's community-package installer does. */
	static async create(userFolder: string, packageTarball: string): Promise<N8nInstance> {
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }),
		);
		await installTarball(nodesDir, packageTarball);
		return await N8nInstance.empty(userFolder);
	}

	/** An n8n with no community package installed yet (the Community Nodes page installs it). */
	static async empty(userFolder: string): Promise<N8nInstance> {
		mkdirSync(userFolder, { recursive: true });
		return new N8nInstance(userFolder, await freePort(), await freePort());
	}

	/**
	 * Installs a community package as the Community Nodes page's *Install* does (the same REST
	 * call): n8n looks it up in its registry, downloads and installs it, and loads its nodes and
	 * credentials without a restart. Returns what n8n reports installed.
	 */
	async installCommunityPackage(name: string): Promise<{
		packageName: string;
		installedVersion: string;
		installedNodes: Array<{ type: string }>;
	}> {
		return await this.rest('POST', '/community-packages', { name });
	}

	/** Installs a package tarball over the one installed (n8n stopped), as an update does. */
	async installPackage(packageTarball: string) {
		await installTarball(join(this.userFolder, '.n8n', 'nodes'), packageTarball);
	}

	/** The outcome of the last publish, per trigger, once n8n has finished it (n8n 2.40 publishes in the background). */
	async publicationStatus(id: string): Promise<{
		status: string;
		triggers: Array<{ nodeId: string; status: string; errorMessage?: string }>;
	}> {
		return await waitFor('the publication’s outcome', async () => {
			const answer = await this.rest('GET', `/workflows/${id}/publication-status`);
			return answer.status !== 'in_progress' && answer.triggers.length > 0 && answer;
		});
	}

	/** Changes a workflow and saves it, as the editor's Save does. */
	async editWorkflow(id: string, change: (workflow: any) => void) {
		const workflow = await this.rest('GET', `/workflows/${id}`);
		change(workflow);
		const { name, nodes, connections, settings, versionId } = workflow;
		await this.rest('PATCH', `/workflows/${id}`, { name, nodes, connections, settings, versionId });
	}

	/** Runs an n8n CLI command (import, publish) with its own ports, as a running server holds ours. */
	async cli(...args: string[]): Promise<string> {
		const env = {
			...this.env,
			N8N_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		return await runCommand(join(peers.node24Bin, 'node'), [peers.n8nBin, ...args], {
			cwd: this.userFolder,
			env,
		});
	}

	async importCredentials(credentials: unknown[]) {
		const file = join(this.userFolder, `credentials-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli('import:credentials', `--input=${file}`);
	}

	async importWorkflow(workflow: unknown) {
		const file = join(this.userFolder, `workflow-${Date.now()}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		await this.cli('import:workflow', `--input=${file}`);
	}

	/**
	 * A workflow file imported as the editor's *Import from File* and *Save* make it: created
	 * through the REST API, n8n choosing its id. Returns the id and the version to publish.
	 */
	async createWorkflow(workflow: object): Promise<{ id: string; versionId: string }> {
		// The editor keeps what the file describes and leaves n8n the id; it makes the file's tags
		// (named in the file) separately.
		const { name, nodes, connections, settings, meta, pinData } = workflow as Record<
			string,
			unknown
		>;
		// As the editor does on import: a node with webhooks and no webhook id gets a new one
		// (n8n's assignWebhookId), so every copy has a URL of its own.
		for (const node of nodes as Array<{ type: string; webhookId?: string }>)
			if (WEBHOOK_NODE_TYPES.includes(node.type) && !node.webhookId) node.webhookId = randomUUID();
		const created = await this.rest('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings,
			meta,
			pinData,
		});
		return { id: String(created.id), versionId: String(created.versionId) };
	}

	/** Publishes a workflow as the editor's *Publish* button does (n8n running). */
	async activateWorkflow(id: string, versionId: string) {
		await this.rest('POST', `/workflows/${id}/activate`, { versionId });
	}

	/**
	 * A workflow file imported as the editor does it, then published: n8n's id, and the webhook
	 * id the editor gave the named trigger (undefined if it has none).
	 */
	async importAndPublish(
		workflow: object,
		triggerName: string,
	): Promise<{ id: string; webhookId?: string }> {
		const created = await this.createWorkflow(workflow);
		await this.activateWorkflow(created.id, created.versionId);
		const saved = await this.rest('GET', `/workflows/${created.id}`);
		const trigger = saved.nodes.find((n: { name: string }) => n.name === triggerName);
		return { id: created.id, webhookId: trigger?.webhookId };
	}

	async publishWorkflow(id: string) {
		await this.cli('publish:workflow', `--id=${id}`);
	}

	private spawn(command: string, env: NodeJS.ProcessEnv, logName: string): RunningProcess {
		return startProcess(join(peers.node24Bin, 'node'), [peers.n8nBin, command], {
			cwd: this.userFolder,
			env,
			logFile: join(this.userFolder, logName),
		});
	}

	/** Another n8n process on this user folder (queue mode's `webhook` and `worker`), own broker port. */
	async startProcess(
		command: string,
		env: NodeJS.ProcessEnv,
		logName: string,
	): Promise<RunningProcess> {
		return this.spawn(
			command,
			{ ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env },
			logName,
		);
	}

	async start() {
		this.process = this.spawn('start', this.env, 'n8n.log');
		try {
			// /healthz and even /rest/settings answer before every route is mounted (a restarted n8n
			// once answered 404 to POST /rest/workflows/:id/run); /healthz/readiness waits for the end
			// of n8n's start-up, and the settings route for the REST API behind it.
			await waitFor(
				'n8n to serve its REST API',
				async () =>
					(await fetch(`${this.url}/healthz/readiness`)).ok &&
					(await fetch(`${this.url}/rest/settings`)).ok,
				{
					timeoutMs: 120_000,
				},
			);
			await this.login();
		} catch (error) {
			throw new Error(`${(error as Error).message}\n--- n8n.log ---\n${this.process.tail()}`);
		}
	}

	/** Sets up the owner (first start) and logs in; retried, as the routes mount a moment after /healthz. */
	private async login() {
		await waitFor('n8n owner login', async () => {
			const setup = await fetch(`${this.url}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(N8N_OWNER),
			});
			if (!setup.ok && !/already/i.test(await setup.text())) return false;
			const login = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: N8N_OWNER.email, password: N8N_OWNER.password }),
			});
			if (!login.ok) return false;
			this.cookie = login.headers
				.getSetCookie()
				.map((cookie) => cookie.split(';')[0])
				.join('; ');
			return true;
		});
	}

	async rest(method: string, path: string, body?: unknown): Promise<any> {
		const send = async () =>
			await fetch(`${this.url}/rest${path}`, {
				method,
				headers: { 'Content-Type': 'application/json', Cookie: this.cookie },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let response = await send();
		if (response.status === 401) {
			// Seen once on a busy machine: a session cookie n8n no longer accepted. Log in again.
			await this.login();
			response = await send();
		}
		let text = await response.text();
		if (text === N8N_NOT_READY || response.status === 503) {
			// Seen 1 in 10 runs on a busy machine, after start: n8n's database check briefly marks it
			// not ready and every route answers its start-up page. Wait until it is ready again.
			await waitFor(
				'n8n to be ready again',
				async () => (await fetch(`${this.url}/healthz/readiness`)).ok,
			);
			response = await send();
			text = await response.text();
		}
		if (!response.ok)
			throw new Error(`n8n ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
		if (!text) return undefined;
		try {
			return JSON.parse(text).data;
		} catch {
			throw new Error(
				`n8n ${method} ${path}: ${response.status} answered what is not JSON: ${text.slice(0, 300)}`,
			);
		}
	}

	async executions(workflowId: string): Promise<N8nExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const data = await this.rest('GET', `/executions?filter=${filter}&limit=100`);
		return (data.results as N8nExecutionSummary[]).sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * A workflow's executions once none is queued, under way or waiting: a run still in its Member
	 * Sync Check reads Ghost again and writes what changed, so count or change Ghost after this.
	 */
	async executionsEnded(workflowId: string, what: string): Promise<N8nExecutionSummary[]> {
		return await waitFor(what, async () => {
			const all = await this.executions(workflowId);
			return all.every(executionFinished) && all;
		});
	}

	/** The JSON items a node put out in an execution (n8n stores run data "flatted"). */
	async nodeOutput(executionId: string, nodeName: string): Promise<any[]> {
		const execution = await this.rest('GET', `/executions/${executionId}`);
		const data = unflatten(execution.data);
		const runs = data.resultData.runData[nodeName] ?? [];
		return runs.flatMap((run: any) => (run.data?.main?.[0] ?? []).map((item: any) => item.json));
	}

	/** The error an execution stopped with (its message and description), as the editor shows it. */
	async executionError(
		executionId: string,
	): Promise<{ message: string; description?: string } | undefined> {
		const execution = await this.rest('GET', `/executions/${executionId}`);
		return unflatten(execution.data).resultData.error;
	}

	/** An API key for n8n's public API (the dead-letter and replay workflows call it). */
	async createApiKey(label: string): Promise<string> {
		// The public API module mounts its routes a moment after the REST API answers.
		const scopes = await waitFor(
			'the API key routes',
			async () => (await this.rest('GET', '/api-keys/scopes')) as string[],
		);
		const created = await this.rest('POST', '/api-keys', { label, scopes, expiresAt: null });
		return created.rawApiKey ?? created.apiKey;
	}

	/** A Data Table by name (with its project), or undefined. */
	async dataTable(name: string): Promise<any | undefined> {
		const tables = await this.rest(
			'GET',
			`/data-tables-global?filter=${encodeURIComponent(JSON.stringify({ name }))}`,
		);
		return (tables.data ?? tables).find((t: { name: string }) => t.name === name);
	}

	/** Deletes a Data Table by name, if there is one. */
	async deleteDataTable(name: string) {
		const table = await this.dataTable(name);
		if (table) await this.rest('DELETE', `/projects/${table.projectId}/data-tables/${table.id}`);
	}

	/** Creates a Data Table in the owner's project, as an older version of a workflow would have. */
	async createDataTable(name: string, columns: Array<{ name: string; type: string }>) {
		const project = await this.rest('GET', '/projects/personal');
		return await this.rest('POST', `/projects/${project.id}/data-tables`, { name, columns });
	}

	/** Rows of a Data Table, found by name. */
	async dataTableRows(name: string): Promise<any[]> {
		const table = await this.dataTable(name);
		if (!table) return [];
		const rows = await this.rest(
			'GET',
			`/projects/${table.projectId}/data-tables/${table.id}/rows?take=1000`,
		);
		return rows.data ?? rows;
	}

	/** Runs a workflow from its trigger as the editor's "Execute workflow" button does; waits for the end. */
	async runManually(workflowId: string, triggerName: string): Promise<N8nExecutionSummary> {
		const started = await this.rest('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		const executionId = String(started.executionId);
		return await waitFor(
			`manual execution ${executionId}`,
			async () => {
				const execution = await this.rest('GET', `/executions/${executionId}`);
				return executionFinished(execution) && (execution as N8nExecutionSummary);
			},
			{ timeoutMs: 120_000 },
		);
	}

	async deactivateWorkflow(id: string) {
		await this.rest('POST', `/workflows/${id}/deactivate`, {});
	}

	webhookUrl(webhookId: string) {
		return `${this.url}/webhook/${webhookId}/webhook`;
	}

	async stop() {
		await this.process?.stop();
	}

	tail() {
		return this.process?.tail() ?? '';
	}
}
