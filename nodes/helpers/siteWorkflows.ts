import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { locatorValue, nodeType } from '../domain/workflows/siteConfig';
import type { WorkflowNode } from '../domain/workflows/types';
import type { N8nExecution, N8nWorkflow } from '../transport/n8nApi';
import { getN8nWorkflow, listN8nExecutions, listN8nWorkflows } from '../transport/n8nApi';

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

export const nodeOfType = (workflow: N8nWorkflow | undefined, type: string) =>
	workflow?.nodes.find((node) => node.type === nodeType(type)) as WorkflowNode | undefined;

/** What the workflow's node of this type keeps in n8n's static data (a trigger's webhooks). */
export function nodeStaticData<T extends object>(
	workflow: N8nWorkflow,
	type: string,
): T | undefined {
	const node = nodeOfType(workflow, type);
	return node ? ((workflow.staticData ?? {}) as Record<string, T>)[`node:${node.name}`] : undefined;
}

/**
 * n8n publishes in the background and saves a trigger's static data a moment later: reads the
 * workflow again, every half second for ten seconds at most, until `ready` holds for what `look`
 * finds in it; answers the last look.
 */
export async function afterPublishing<T>(
	this: IExecuteFunctions,
	id: string,
	look: (workflow: N8nWorkflow) => T | Promise<T>,
	ready: (found: T) => boolean,
): Promise<T> {
	let found = await look(await getN8nWorkflow.call(this, id));
	for (let attempt = 1; attempt < 20 && !ready(found); attempt++) {
		await sleep(500);
		found = await look(await getN8nWorkflow.call(this, id));
	}
	return found;
}

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

/**
 * The last run of a catch-up or full sync: its execution, what its Member Full Sync put out (the
 * summary first, then the plan's details), and the error it failed with. Undefined before any run.
 */
export async function lastSyncRun(
	this: IExecuteFunctions,
	workflow: N8nWorkflow,
): Promise<{ execution: N8nExecution; rows: IDataObject[]; error?: string } | undefined> {
	const [execution] = await listN8nExecutions.call(this, workflow.id, {
		includeData: true,
		max: 1,
	});
	if (!execution) return undefined;
	const result = (execution.data as IDataObject | undefined)?.resultData as IDataObject | undefined;
	const node = nodeOfType(workflow, 'memberFullSync')?.name ?? '';
	const runs = ((result?.runData as IDataObject | undefined)?.[node] ?? []) as Array<{
		data?: { main?: Array<Array<{ json: IDataObject }>> };
	}>;
	return {
		execution,
		rows: runs.flatMap((run) => run.data?.main?.[0] ?? []).map((item) => item.json),
		error: (result?.error as { message?: string } | undefined)?.message,
	};
}
