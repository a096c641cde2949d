import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	afterPublishing,
	nodeOfType,
	nodeStaticData,
	siteWorkflows,
	type SiteWorkflows,
} from './siteWorkflows';
import type { CmPathSeen, GhostPathSeen, PathVerdict } from '../domain/health/deliveryPaths';
import { deliveryPathVerdict } from '../domain/health/deliveryPaths';
import { ghostWebhookName } from '../domain/ghost/memberEvent';
import { activateWebhook, listWebhooks } from '../transport/campaignMonitor';
import { GHOST_CREDENTIAL, readGhostWebhook } from '../transport/ghost';
import { activateN8nWorkflow, deactivateN8nWorkflow, type N8nWorkflow } from '../transport/n8nApi';

type TriggerState = { webhookIds?: Record<string, string>; adoptedEvents?: string[] };

/** What Ghost has of each webhook the site sync's trigger registered. */
async function ghostPath(
	this: IExecuteFunctions,
	siteSync: N8nWorkflow | undefined,
): Promise<GhostPathSeen | undefined> {
	if (!siteSync) return undefined;
	const workflow = { id: siteSync.id, name: siteSync.name, active: siteSync.active };
	const trigger = nodeOfType(siteSync, 'ghostMemberTrigger');
	const state = nodeStaticData<TriggerState>(siteSync, 'ghostMemberTrigger');
	const events: GhostPathSeen['events'] = [];
	for (const event of (trigger?.parameters.events as string[] | undefined) ?? []) {
		const id = state?.webhookIds?.[event];
		if (state?.adoptedEvents?.includes(event)) events.push({ event, state: 'adopted' });
		else if (!id) events.push({ event, state: 'missing' });
		else
			events.push({
				event,
				state: (await readGhostWebhook.call(this, id, ghostWebhookName(siteSync.name)))
					? 'present'
					: 'missing',
			});
	}
	return { workflow, events };
}

/** The list webhook Campaign Monitor → Ghost registered (found by listing, as its trigger does). */
async function cmPath(
	this: IExecuteFunctions,
	cmToGhost: N8nWorkflow | undefined,
	listId: string,
): Promise<CmPathSeen | undefined> {
	if (!cmToGhost || !listId) return undefined;
	const webhookId = nodeOfType(cmToGhost, 'campaignMonitorTrigger')?.webhookId ?? '';
	const hooks = await listWebhooks.call(this, listId);
	const hook = hooks.find((candidate) => webhookId && candidate.Url.includes(`/${webhookId}/`));
	return {
		workflow: { id: cmToGhost.id, name: cmToGhost.name, active: cmToGhost.active },
		webhook: hook ? { id: hook.WebhookID, status: hook.Status } : undefined,
	};
}

/** Unpublished and published again: its trigger registers what is missing (never a duplicate). */
async function republish(this: IExecuteFunctions, id: string) {
	await deactivateN8nWorkflow.call(this, id);
	await activateN8nWorkflow.call(this, id);
}

export interface DeliveryPathsReport extends IDataObject {
	ok: boolean;
	ghost: IDataObject[];
	campaignMonitor: IDataObject | null;
	repairs: string[];
	problems: string[];
}

/**
 * Looks at both delivery paths of the site whose Ghost credential this node has, repairs what
 * is missing (`repair`), and says what it found and did, in the publisher's words.
 */
export async function checkDeliveryPaths(
	this: IExecuteFunctions,
	repair: boolean,
	site?: SiteWorkflows,
	/** Workflows published a moment ago (by the setup): their triggers are still registering. */
	justPublished: { siteSync?: boolean; cmToGhost?: boolean } = {},
): Promise<DeliveryPathsReport> {
	const ghostCredential = this.getNode().credentials?.[GHOST_CREDENTIAL]?.id ?? '';
	const found = site ?? (await siteWorkflows.call(this, ghostCredential));
	const siteUrl = String((await this.getCredentials(GHOST_CREDENTIAL)).url ?? '');
	const seenGhost =
		justPublished.siteSync && found.siteSync
			? { workflow: { id: found.siteSync.id, name: found.siteSync.name, active: true }, events: [] }
			: await ghostPath.call(this, found.siteSync);
	const seenCm = justPublished.cmToGhost
		? undefined
		: await cmPath.call(this, found.cmToGhost, found.listId);
	const verdict: PathVerdict = deliveryPathVerdict(seenGhost, seenCm, siteUrl);
	if (repair) {
		for (const action of verdict.actions) {
			if (action === 'republishSiteSync' && found.siteSync)
				await republish.call(this, found.siteSync.id);
			if (action === 'republishCmToGhost' && found.cmToGhost)
				await republish.call(this, found.cmToGhost.id);
			if (action === 'activateCmWebhook' && seenCm?.webhook)
				await activateWebhook.call(this, found.listId, seenCm.webhook.id);
		}
	}
	const ghostAfter =
		repair && verdict.actions.includes('republishSiteSync') && found.siteSync
			? // Looked at again once the trigger stored its new webhooks.
				await (afterPublishing<GhostPathSeen | undefined>).call(
					this,
					found.siteSync.id,
					async (saved) => await ghostPath.call(this, saved),
					(seen) => seen?.events.every((hook) => hook.state !== 'missing') === true,
				)
			: seenGhost;
	const stillMissing = ghostAfter?.events.filter((hook) => hook.state === 'missing') ?? [];
	const problems = [...verdict.problems];
	if (repair && stillMissing.length)
		problems.push(
			`Ghost refused to register the ${stillMissing.map((h) => h.event).join(', ')} webhook(s): on Ghost(Pro) plans with the custom-integrations limit Ghost takes no custom webhooks; otherwise the site sync's trigger shows the error when you publish it.`,
		);
	return {
		ok: problems.length === 0 && (repair || verdict.repairs.length === 0),
		ghost: (ghostAfter?.events ?? []).map((hook) => ({ ...hook })),
		campaignMonitor: seenCm
			? {
					webhook: seenCm.webhook
						? repair && verdict.actions.includes('activateCmWebhook')
							? 'Active'
							: seenCm.webhook.status
						: repair
							? 'registered again'
							: 'missing',
				}
			: null,
		repairs: repair ? verdict.repairs : [],
		...(repair ? {} : { wouldRepair: verdict.repairs }),
		problems,
	};
}
