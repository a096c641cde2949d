/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- end-to-end harness and demo: starts the real servers; never shipped */
import { join } from 'node:path';

import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import {
	startSimulator,
	type CampaignMonitorSimulator,
	type SimSubscriber,
} from '../cm-simulator/server';
import { GhostSite } from './ghost';
import { N8nInstance } from './n8n';
import { buildAndPack } from './package';
import { waitFor } from './processes';
import { QueueMode } from './queue';
import { deriveWebhookSecret } from '../../nodes/domain/security/webhookSecret';
import {
	bundledWorkflow,
	catchUpWorkflow,
	N8N_API_CREDENTIAL,
	node,
	siteSyncWorkflow,
	useCredential,
	withN8nApi,
	type WorkflowFile,
} from './workflows';

export const CM_CLIENT_ID = 'c'.repeat(32);
export const FULL_SYNC_ID = 'ghostCmFullSync01';

/** A site's full sync, its list and credentials picked as a user picks them after import. */
export function fullSyncWorkflow(site: { key: string; listId: string }, dryRun: boolean) {
	const workflow = useCredential(
		useCredential(
			bundledWorkflow('full-sync.json'),
			'ghostMembersAdminApi',
			`ghostSite${site.key}Cred01`,
			`Ghost ${site.key}`,
		),
		'campaignMonitorApi',
		'cmSimulatorCred1',
		'Campaign Monitor (simulator)',
	);
	const sync = node(workflow, 'Member Full Sync');
	sync.parameters.list = { __rl: true, mode: 'id', value: site.listId };
	// A fixed choice, whoever runs it: the tests run it by hand to apply it too.
	sync.parameters.dryRunMode = dryRun ? 'always' : 'never';
	return workflow;
}

export interface StackSite {
	key: string;
	ghost: GhostSite;
	listId: string;
	workflowId: string;
	/** The trigger's Production URL, as Ghost holds it, and the secret Ghost signs with. */
	webhookUrl: string;
	webhookSecret: string;
}

/** The whole product on one machine: real Ghost site(s), real n8n with the package and workflows, the CM simulator. */
export interface Stack {
	n8n: N8nInstance;
	/** Set when the stack runs n8n in queue mode. */
	queue?: QueueMode;
	/** Where Ghost's deliveries go: the webhook processor in queue mode, else the one n8n. */
	webhookBaseUrl: string;
	cm: CampaignMonitorSimulator;
	sites: StackSite[];
	/** With options.cmToGhost: the Campaign Monitor → Ghost workflow as n8n created it. */
	cmToGhost?: { workflowId: string; webhookUrl: string };
	subscribers(listId: string): SimSubscriber[];
	stop(): Promise<void>;
}

export async function startStack(
	workDir: string,
	siteKeys: string[],
	log: (message: string) => void = () => undefined,
	options: {
		cmPort?: number;
		cmRateLimit?: CampaignMonitorSimulator['rateLimit'];
		/** Campaign Monitor's queued adds: a read this soon after an add answers the state before it. */
		cmQueuedAddMs?: number;
		/** Queue mode with these workers (names), one webhook processor, Postgres and Redis. */
		queueWorkers?: string[];
		/** Changes to each site's copy of the sync workflow before it is imported. */
		editSiteWorkflow?: (workflow: WorkflowFile) => void;
		/** Also the first site's catch-up and full sync, published (the demo shows the whole product). */
		catchUpAndFullSync?: boolean;
		/** Also Campaign Monitor → Ghost for the first site's list, published. */
		cmToGhost?: boolean;
		/** Extra settings for n8n (bench:capacity's N8N_CONCURRENCY_PRODUCTION_LIMIT row). */
		n8nEnv?: NodeJS.ProcessEnv;
	} = {},
): Promise<Stack> {
	// What has started so far, stopped again if a later step fails: a stack that fails half-way
	// must not leave Ghost or n8n running (their ports and memory outlive the test run).
	const started: Array<() => Promise<unknown>> = [];
	try {
		const cm = await startSimulator({
			seed: 'empty',
			port: options.cmPort ?? 0,
			rateLimit: options.cmRateLimit ?? null,
			queuedAddMs: options.cmQueuedAddMs ?? 0,
		});
		started.push(() => cm.close());
		cm.account.addClient({ ClientID: CM_CLIENT_ID, Name: 'Publisher' });
		const lists = siteKeys.map((key, index) => {
			const listId = String.fromCharCode(97 + index).repeat(32);
			cm.account.addList(CM_CLIENT_ID, { ListID: listId, Title: `Site ${key} members` });
			// What the Campaign Monitor node's "Ensure" operation creates.
			for (const spec of ENSURED_GHOST_FIELDS) cm.account.createCustomField(listId, spec);
			return listId;
		});
		log(`Campaign Monitor simulator on ${cm.url}`);

		log(`building the package and starting ${siteKeys.length} Ghost site(s)`);
		// Built while Ghost starts; whatever started is stopped again if either fails.
		const [packed, ...startedGhosts] = await Promise.allSettled([
			buildAndPack(),
			...siteKeys.map((key) => GhostSite.start(join(workDir, `ghost-${key.toLowerCase()}`))),
		]);
		for (const result of startedGhosts)
			if (result.status === 'fulfilled') started.push(() => (result.value as GhostSite).stop());
		for (const result of [packed, ...startedGhosts])
			if (result.status === 'rejected') throw result.reason;
		const tarball = (packed as PromiseFulfilledResult<string>).value;
		const ghosts = startedGhosts.map(
			(result) => (result as PromiseFulfilledResult<GhostSite>).value,
		);
		const sites = siteKeys.map((key, index) => ({
			key,
			ghost: ghosts[index] as GhostSite,
			listId: lists[index],
			// Set once n8n has created the site's copy of the workflow.
			workflowId: '',
			webhookUrl: '',
			webhookSecret: '',
		})) satisfies StackSite[];
		log(`Ghost ${sites.map((s) => s.ghost.url).join(', ')}`);

		log('installing the package into n8n and importing the workflows');
		const n8n = await N8nInstance.create(join(workDir, 'n8n'), tarball as string);
		started.push(() => n8n.stop());
		Object.assign(n8n.env, options.n8nEnv ?? {});
		const queue = options.queueWorkers ? await QueueMode.prepare(n8n, workDir) : undefined;
		if (queue) started.push(() => queue.stop());
		if (queue) log(`queue mode: Postgres, Redis, webhook processor on ${queue.webhookUrl}`);
		await n8n.importCredentials([
			...sites.map((site) => ({
				id: `ghostSite${site.key}Cred01`,
				name: `Ghost ${site.key}`,
				type: 'ghostMembersAdminApi',
				data: { url: site.ghost.url, apiKey: site.ghost.adminApiKey, allowHttp: true },
			})),
			{
				id: 'cmSimulatorCred1',
				name: 'Campaign Monitor (simulator)',
				type: 'campaignMonitorApi',
				data: { apiKey: 'sim-api-key', baseUrl: cm.url, allowHttp: true },
			},
		]);
		const deadLetters = withN8nApi(bundledWorkflow('dead-letter.json'));
		await n8n.importWorkflow(deadLetters);
		// n8n 2.x runs an error workflow only when it is published.
		await n8n.publishWorkflow(deadLetters.id);
		const replay = withN8nApi(bundledWorkflow('replay-dead-letters.json'));
		await n8n.importWorkflow(replay);
		if (options.catchUpAndFullSync) {
			const [first] = sites;
			const catchUp = catchUpWorkflow({ key: first.key, listId: first.listId });
			catchUp.settings = { ...catchUp.settings, errorWorkflow: deadLetters.id };
			await n8n.importWorkflow(catchUp);
			await n8n.publishWorkflow(catchUp.id);
			await n8n.importWorkflow(fullSyncWorkflow(first, true));
			await n8n.publishWorkflow(FULL_SYNC_ID);
		}

		log('starting n8n');
		await n8n.start();
		if (queue) {
			await queue.start(options.queueWorkers ?? []);
			log(`queue mode: webhook processor and ${options.queueWorkers?.length} workers ready`);
		}
		const apiKey = await n8n.createApiKey('dead letters');
		await n8n.importCredentials([
			{ ...N8N_API_CREDENTIAL, data: { apiKey, baseUrl: `${n8n.url}/api/v1` } },
		]);
		// Each site's copy of the site sync, imported and published as a user does in the editor.
		for (const site of sites) {
			const workflow = siteSyncWorkflow({
				key: site.key,
				listId: site.listId,
				ghostCredentialId: `ghostSite${site.key}Cred01`,
				cmCredentialId: 'cmSimulatorCred1',
			});
			options.editSiteWorkflow?.(workflow);
			const published = await n8n.importAndPublish(workflow, 'Ghost Member Trigger');
			site.workflowId = published.id;
			const hooks = await waitFor(`webhooks in Ghost ${site.key}`, async () => {
				const registered = await site.ghost.webhooks();
				return registered.length === 3 && registered;
			});
			// Ghost's target URL, on the instance that serves webhooks (the webhook processor in queue mode).
			const target = new URL(hooks[0].target_url);
			site.webhookUrl = `${queue?.webhookUrl ?? n8n.url}${target.pathname}`;
			// The trigger's secret is keyed by its webhook id, or with none (as the file ships) by
			// the workflow's id and the node's name.
			site.webhookSecret = deriveWebhookSecret(
				site.ghost.adminApiKey,
				published.webhookId ?? `${published.id}|Ghost Member Trigger`,
			);
		}
		let cmToGhost: Stack['cmToGhost'];
		if (options.cmToGhost) {
			const fromCm = useCredential(
				useCredential(
					bundledWorkflow('campaign-monitor-to-ghost.json'),
					'ghostMembersAdminApi',
					`ghostSite${sites[0].key}Cred01`,
					`Ghost ${sites[0].key}`,
				),
				'campaignMonitorApi',
				'cmSimulatorCred1',
				'Campaign Monitor (simulator)',
			);
			node(fromCm, 'Campaign Monitor Trigger').parameters.list = {
				__rl: true,
				mode: 'id',
				value: sites[0].listId,
			};
			const published = await n8n.importAndPublish(fromCm, 'Campaign Monitor Trigger');
			cmToGhost = {
				workflowId: published.id,
				webhookUrl: n8n.webhookUrl(published.webhookId ?? ''),
			};
			// Publishing registers the list webhook; n8n may finish that after the call answers.
			const url = cmToGhost.webhookUrl;
			await waitFor('the Campaign Monitor list webhook', async () =>
				cm.account
					.snapshot()
					.lists.find((list) => list.ListID === sites[0].listId)
					?.webhooks.some((hook) => hook.Url === url),
			);
		}
		log(`n8n ${n8n.url}: workflows published, webhooks registered in Ghost`);

		return {
			n8n,
			queue,
			webhookBaseUrl: queue?.webhookUrl ?? n8n.url,
			cm,
			sites,
			cmToGhost,
			subscribers: (listId) =>
				cm.account.snapshot().lists.find((list) => list.ListID === listId)?.subscribers ?? [],
			async stop() {
				await queue?.stop();
				await n8n.stop();
				await Promise.all(sites.map((site) => site.ghost.stop()));
				await cm.close();
			},
		};
	} catch (error) {
		for (const stop of started.reverse()) await stop().catch(() => undefined);
		throw error;
	}
}
