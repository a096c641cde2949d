import type { BundledWorkflow, WorkflowKind } from '../workflows/catalogue';
import type { SiteConfig } from '../workflows/siteConfig';
import { locatorValue, nodeType } from '../workflows/siteConfig';
import type { WorkflowDefinition } from '../workflows/types';
import type { SetupMarker } from './marker';
import { differences, fingerprintOf, markerOf } from './marker';

/** A workflow n8n has, as the setup reads it. */
export interface ExistingWorkflow extends WorkflowDefinition {
	id: string;
	active: boolean;
	staticData?: unknown;
}

export type StepAction =
	/** Not there yet: made. */
	| 'create'
	/** Made by the setup, not changed since, and the package defines it differently now. */
	| 'update'
	/** As the package defines it. */
	| 'upToDate'
	/** Changed by the publisher since the setup made it: left as it is (unless told to update). */
	| 'keepEdited'
	/** Changed by the publisher, updated because the setup was told to. */
	| 'updateEdited';

export interface WorkflowStep {
	kind: WorkflowKind;
	action: StepAction;
	wanted: WorkflowDefinition;
	existing?: ExistingWorkflow;
	/** For an edited workflow: what differs from the package's definition. */
	differences?: string[];
	/** Published at the end of the step (it was not, or it changed). */
	publish: boolean;
}

/** The workflow the setup made for this kind (and, for a site's workflows, this list). */
export function findMade(
	existing: readonly ExistingWorkflow[],
	workflow: BundledWorkflow,
	listId: string,
): ExistingWorkflow | undefined {
	return existing.find((candidate) => {
		const marker = markerOf(candidate.staticData);
		return (
			marker?.kind === workflow.kind &&
			(workflow.scope === 'shared' || marker.listId?.toLowerCase() === listId.toLowerCase())
		);
	});
}

/** The marker the setup writes with a workflow. */
export function markerFor(
	workflow: BundledWorkflow,
	listId: string,
	wanted: WorkflowDefinition,
): SetupMarker {
	return {
		kind: workflow.kind,
		...(workflow.scope === 'site' ? { listId } : {}),
		fingerprint: fingerprintOf(wanted),
	};
}

/** What to do with one bundled workflow. */
export function planStep(
	workflow: BundledWorkflow,
	config: SiteConfig,
	existing: ExistingWorkflow | undefined,
	updateEdited: boolean,
): WorkflowStep {
	const wanted = workflow.build(config);
	const base = { kind: workflow.kind, wanted, existing };
	if (!existing) return { ...base, action: 'create', publish: workflow.publish };
	const marker = markerOf(existing.staticData);
	const current = fingerprintOf(existing);
	const needsPublish = workflow.publish && !existing.active;
	if (current === fingerprintOf(wanted))
		return { ...base, action: 'upToDate', publish: needsPublish };
	if (marker && current === marker.fingerprint)
		return { ...base, action: 'update', publish: workflow.publish };
	const found = differences(existing, wanted);
	return updateEdited
		? { ...base, action: 'updateEdited', differences: found, publish: workflow.publish }
		: { ...base, action: 'keepEdited', differences: found, publish: needsPublish };
}

/**
 * Workflows the setup did not make that would clash with this site's: published ones that
 * read the same Ghost credential or write the same list (a copy imported by hand). The setup
 * stops and names them: two workflows on one site or one list undo each other.
 */
export function clashes(
	existing: readonly ExistingWorkflow[],
	ghostCredentialId: string,
	listId: string,
): Array<{ id: string; name: string; why: string }> {
	const list = listId.toLowerCase();
	const found: Array<{ id: string; name: string; why: string }> = [];
	for (const workflow of existing) {
		if (!workflow.active || markerOf(workflow.staticData)) continue;
		for (const node of workflow.nodes) {
			if (
				node.type === nodeType('ghostMemberTrigger') &&
				node.credentials?.ghostMembersAdminApi?.id === ghostCredentialId
			) {
				found.push({ id: workflow.id, name: workflow.name, why: 'reads the same Ghost site' });
				break;
			}
			const writesList =
				(node.type === nodeType('ghostMemberTrigger') ||
					node.type === nodeType('campaignMonitorTrigger')) &&
				locatorValue(node.parameters.list).toLowerCase() === list;
			const settingsList =
				node.type === 'n8n-nodes-base.set' && JSON.stringify(node.parameters).includes(listId);
			if (list && (writesList || settingsList)) {
				found.push({ id: workflow.id, name: workflow.name, why: 'works on the same list' });
				break;
			}
		}
	}
	return found;
}
