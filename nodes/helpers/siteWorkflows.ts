import type { IExecuteFunctions } from 'n8n-workflow';

import { nodeType } from '../domain/workflows/siteConfig';
import type { WorkflowNode } from '../domain/workflows/types';
import type { N8nWorkflow } from '../transport/n8nApi';
import { listN8nWorkflows } from '../transport/n8nApi';

/**
 * One site's workflows, found in n8n by what they are (never by name): the site sync is the one
 * whose Ghost Member Trigger reads this Ghost credential; the catch-up and full sync read it too;
 * Campaign Monitor → Ghost listens on the site sync's list. Made by the setup or imported by hand.
 */
export interface SiteWorkflows {
	siteSync?: N8nWorkflow;
	/** The list the site sync writes (its trigger's, or its Settings node's in version 1). */
	listId: string;
	catchUp?: N8nWorkflow;
	fullSync?: N8nWorkflow;
	cmToGhost?: N8nWorkflow;
}

const locatorValue = (value: unknown) =>
	String(
		(typeof value === 'object' && value !== null ? (value as { value?: unknown }).value : value) ??
			'',
	).trim();

export const nodeOfType = (workflow: N8nWorkflow | undefined, type: string) =>
	workflow?.nodes.find((node) => node.type === nodeType(type)) as WorkflowNode | undefined;

/** The list a site sync writes: version 2 names it in its trigger, version 1 in Settings. */
export function siteSyncListId(workflow: N8nWorkflow): string {
	const fromTrigger = locatorValue(nodeOfType(workflow, 'ghostMemberTrigger')?.parameters.list);
	if (fromTrigger) return fromTrigger;
	const settings = workflow.nodes.find((node) => node.name === 'Settings');
	const assignments = (
		settings?.parameters.assignments as { assignments?: Array<{ name: string; value: unknown }> }
	)?.assignments;
	return String(assignments?.find((a) => a.name === 'cmListId')?.value ?? '');
}

export async function siteWorkflows(
	this: IExecuteFunctions,
	ghostCredentialId: string,
): Promise<SiteWorkflows> {
	const all = await listN8nWorkflows.call(this);
	const readsSite = (workflow: N8nWorkflow, type: string) =>
		workflow.nodes.some(
			(node) =>
				node.type === nodeType(type) &&
				node.credentials?.ghostMembersAdminApi?.id === ghostCredentialId,
		);
	// A published one first: an old copy left unpublished is not the site's.
	const pick = (found: N8nWorkflow[]) => found.find((w) => w.active) ?? found[0];
	const siteSync = pick(all.filter((w) => readsSite(w, 'ghostMemberTrigger')));
	const listId = siteSync ? siteSyncListId(siteSync) : '';
	const syncs = all.filter((w) => readsSite(w, 'memberFullSync'));
	const scopeOf = (w: N8nWorkflow) => nodeOfType(w, 'memberFullSync')?.parameters.scope;
	return {
		siteSync,
		listId,
		catchUp: pick(syncs.filter((w) => scopeOf(w) === 'changed')),
		fullSync: pick(syncs.filter((w) => scopeOf(w) !== 'changed')),
		cmToGhost: pick(
			all.filter(
				(w) =>
					listId !== '' &&
					locatorValue(nodeOfType(w, 'campaignMonitorTrigger')?.parameters.list).toLowerCase() ===
						listId.toLowerCase(),
			),
		),
	};
}
