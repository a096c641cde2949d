import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkedListId } from '../helpers/campaignMonitorList';
import { claim, release, siteSyncKeys } from '../helpers/siteClaims';
import { checkSyncList } from '../helpers/syncList';
import { GHOST_CREDENTIAL } from '../transport/ghost';

/** From version 2 the trigger names the site sync's list, and publishing checks it. */
export const checksOnPublish = (node: { typeVersion: number }) => node.typeVersion >= 2;

/** The list the trigger names (version 2), checked before any request ('' when none is chosen). */
export function triggerListId(this: IHookFunctions): string {
	const value = String(this.getNodeParameter('list', '', { extractValue: true }) ?? '').trim();
	return value ? checkedListId(this.getNode(), value) : '';
}

/**
 * What publishing a site sync checks before Ghost is told anything: the list exists for this
 * Campaign Monitor credential and has the ghost_* fields (missing ones are created), and no other
 * published site sync reads this Ghost site or writes this list. The editor's "Listen for test
 * event" checks nothing; n8n's own start-up only claims (no request: a Campaign Monitor outage
 * must not keep the webhooks from being served).
 */
export async function checkSiteSyncOnPublish(this: IHookFunctions): Promise<void> {
	const mode = this.getActivationMode();
	if (mode === 'manual') return;
	const listId = triggerListId.call(this);
	// The list first (it names the fix for a list left empty or from another account), then
	// the claims; n8n's own start-up only claims: a Campaign Monitor outage must not keep the
	// webhooks from being served.
	if (mode !== 'init' && mode !== 'leadershipChange')
		await checkSyncList.call(this, listId, { create: true, where: 'the Ghost Member Trigger' });
	const ghost = await this.getCredentials(GHOST_CREDENTIAL);
	const workflow = this.getWorkflow();
	const claimed = claim(siteSyncKeys(String(ghost.url ?? ''), listId), {
		workflowId: String(workflow.id ?? ''),
		workflowName: String(workflow.name ?? ''),
	});
	if (!claimed.ok) {
		const { workflowName: name, workflowId: id } = claimed.holder;
		const onList = claimed.key.startsWith('list:');
		// n8n's publish notice shows the message only: it says the fix too.
		const fix = onList
			? `Two sites writing one list would undo each other: pick this site’s own list in the Ghost Member Trigger, or unpublish "${name}".`
			: `n8n picks the most recently updated credential for an imported workflow: pick this site’s own Ghost credential in the Ghost Member Trigger, Member Status Diff and Member Sync Check, or unpublish "${name}".`;
		throw new NodeOperationError(
			this.getNode(),
			`Another published workflow, "${name}" (${id}), already syncs ${onList ? `the Campaign Monitor list ${listId}` : `the Ghost site ${String(ghost.url ?? '')}`}. ${fix}`,
			{ description: fix },
		);
	}
}

/** Unpublished: the site and list are free for another workflow. */
export function releaseSiteSync(this: IHookFunctions): void {
	if (this.getActivationMode() === 'manual') return;
	release(String(this.getWorkflow().id ?? ''));
}
