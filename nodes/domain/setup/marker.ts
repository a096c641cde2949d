import { createHash } from 'node:crypto';

import type { WorkflowKind } from '../workflows/catalogue';
import type { JsonValue, WorkflowDefinition, WorkflowNode } from '../workflows/types';

/**
 * How the setup recognises the workflows it made: a marker in the workflow's static data
 * (`global.ghostCmSetup`, which no node of the package writes), never the name. The fingerprint
 * is of the workflow as the setup wrote it, so a later run can tell whether the publisher edited
 * it since.
 */
export const MARKER_KEY = 'ghostCmSetup';

/** The tag the setup puts on every workflow it makes, so they show together in n8n. */
export const SETUP_TAG = 'Ghost → Campaign Monitor';

export interface SetupMarker {
	kind: WorkflowKind;
	/** The site's list (site workflows only). */
	listId?: string;
	/** The fingerprint of what the setup wrote. */
	fingerprint: string;
}

type StaticData = { global?: Record<string, unknown> } & Record<string, unknown>;

export function markerOf(staticData: unknown): SetupMarker | undefined {
	const data = (staticData ?? {}) as StaticData;
	const marker = data.global?.[MARKER_KEY] as SetupMarker | undefined;
	return marker && typeof marker.kind === 'string' && typeof marker.fingerprint === 'string'
		? marker
		: undefined;
}

/** The workflow's static data with the marker set, everything else (webhook registrations) kept. */
export function withMarker(staticData: unknown, marker: SetupMarker): Record<string, JsonValue> {
	const data = { ...((staticData ?? {}) as Record<string, JsonValue>) };
	const global = { ...((data.global ?? {}) as Record<string, JsonValue>) };
	global[MARKER_KEY] = { ...marker } as unknown as JsonValue;
	data.global = global;
	return data;
}

/** What makes two versions of a node the same to the publisher (not its id, place or webhook id). */
function comparable(node: WorkflowNode) {
	const credentials = Object.fromEntries(
		Object.entries(node.credentials ?? {}).map(([type, ref]) => [type, ref?.id ?? '']),
	);
	return {
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion,
		parameters: node.parameters,
		credentials,
		disabled: node.disabled ?? false,
		notes: node.notes ?? '',
		onError: node.onError ?? 'stopWorkflow',
		retryOnFail: node.retryOnFail ?? false,
		alwaysOutputData: node.alwaysOutputData ?? false,
	};
}

/** JSON with object keys sorted, so equal content has one text. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object')
		return `{${Object.keys(value)
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	return JSON.stringify(value);
}

/** The settings a publisher sees and the setup sets. */
function comparableSettings(settings: Record<string, unknown> | undefined) {
	const { errorWorkflow, saveDataErrorExecution, saveDataSuccessExecution, saveManualExecutions } =
		settings ?? {};
	return { errorWorkflow, saveDataErrorExecution, saveDataSuccessExecution, saveManualExecutions };
}

export function comparableWorkflow(workflow: WorkflowDefinition) {
	return {
		nodes: [...workflow.nodes].sort((a, b) => a.name.localeCompare(b.name)).map(comparable),
		connections: workflow.connections,
		settings: comparableSettings(workflow.settings as unknown as Record<string, unknown>),
	};
}

export function fingerprintOf(workflow: WorkflowDefinition): string {
	return createHash('sha256')
		.update(canonical(comparableWorkflow(workflow)))
		.digest('hex')
		.slice(0, 32);
}

/**
 * What differs between a workflow as it is and as the package defines it, in words a publisher
 * reads: nodes added, removed or changed (and in what), connections, settings.
 */
export function differences(current: WorkflowDefinition, wanted: WorkflowDefinition): string[] {
	const a = comparableWorkflow(current);
	const b = comparableWorkflow(wanted);
	const found: string[] = [];
	const byName = (nodes: typeof a.nodes) => new Map(nodes.map((node) => [node.name, node]));
	const have = byName(a.nodes);
	const want = byName(b.nodes);
	for (const [name, node] of have) {
		const other = want.get(name);
		if (!other) {
			found.push(`node "${name}" is not in the package's definition (yours)`);
			continue;
		}
		const changed = (Object.keys(node) as Array<keyof typeof node>).filter(
			(key) => canonical(node[key]) !== canonical(other[key]),
		);
		if (changed.length) found.push(`node "${name}": ${changed.join(', ')} differ`);
	}
	for (const name of want.keys())
		if (!have.has(name)) found.push(`node "${name}" is new in the package's definition`);
	if (canonical(a.connections) !== canonical(b.connections)) found.push('connections differ');
	if (canonical(a.settings) !== canonical(b.settings)) found.push('workflow settings differ');
	return found;
}
