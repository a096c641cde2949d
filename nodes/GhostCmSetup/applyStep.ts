import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withMarker } from '../domain/setup/marker';
import type { ExistingWorkflow, WorkflowStep } from '../domain/setup/plan';
import { markerFor } from '../domain/setup/plan';
import type { BundledWorkflow } from '../domain/workflows/catalogue';
import type { WorkflowDefinition } from '../domain/workflows/types';
import type { N8nWorkflow } from '../transport/n8nApi';
import {
	activateN8nWorkflow,
	createN8nWorkflow,
	setN8nWorkflowTags,
	updateN8nWorkflow,
} from '../transport/n8nApi';

/** Webhook nodes keep their webhook id (their URL, and what Ghost and Campaign Monitor call). */
function keepingWebhookIds(wanted: WorkflowDefinition, existing: ExistingWorkflow) {
	const ids = new Map(existing.nodes.map((node) => [`${node.name}|${node.type}`, node.webhookId]));
	return {
		...wanted,
		nodes: wanted.nodes.map((node) => {
			const webhookId = ids.get(`${node.name}|${node.type}`);
			return webhookId ? { ...node, webhookId } : node;
		}),
	};
}

/** Creates or updates one workflow as planned, tags it and publishes it when planned. */
export async function applyStep(
	this: IExecuteFunctions,
	workflow: BundledWorkflow,
	step: WorkflowStep,
	listId: string,
	tagId: string,
): Promise<{ id: string; outcome: IDataObject }> {
	const marker = markerFor(workflow, listId, step.wanted);
	let saved: N8nWorkflow | ExistingWorkflow | undefined = step.existing;
	if (step.action === 'create') {
		saved = await createN8nWorkflow.call(this, {
			...step.wanted,
			staticData: withMarker({}, marker),
		});
		await setN8nWorkflowTags.call(this, saved.id, [tagId]);
	} else if (step.action === 'update' || step.action === 'updateEdited') {
		const existing = step.existing as ExistingWorkflow;
		saved = await updateN8nWorkflow.call(this, existing.id, {
			...keepingWebhookIds(step.wanted, existing),
			staticData: withMarker(existing.staticData, marker),
		});
	}
	const id = String(saved?.id ?? '');
	if (step.publish) await activateN8nWorkflow.call(this, id);
	const outcome: Record<WorkflowStep['action'], string> = {
		create: 'created',
		update: 'updated',
		updateEdited: 'updated (your edits replaced)',
		upToDate: 'up to date',
		keepEdited: 'kept as you edited it',
	};
	return {
		id,
		outcome: {
			id,
			outcome: outcome[step.action],
			published: step.publish || saved?.active === true,
		},
	};
}
