import type { Connections, JsonObject, WorkflowNode } from './types';

/** Node ids stay the same from build to build, so a re-run of the setup compares like with like. */
export function nodeId(workflow: number, node: number): string {
	return `00000000-0000-4000-8000-${(workflow * 256 + node).toString(16).padStart(12, '0')}`;
}

/** `from` output `output` → `to`, several targets per output allowed. */
export function connectionsOf(
	edges: ReadonlyArray<readonly [from: string, to: string, output?: number]>,
): Connections {
	const connections: Connections = {};
	for (const [from, to, output = 0] of edges) {
		const outputs = (connections[from] ??= { main: [] }).main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: 0 });
	}
	return connections;
}

/** A sticky note with the workflow's own setup steps (what the Setup node does for you). */
export function stickyNote(
	id: string,
	content: string,
	position: [number, number],
	size: { width: number; height: number },
): WorkflowNode {
	return {
		id,
		name: 'Setup',
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
		parameters: { content, ...size, color: 4 } as JsonObject,
	};
}

/** n8n's If/Filter condition block with one or more conditions joined by "and". */
export function conditions(
	list: Array<{ id: string; leftValue: string; rightValue: string | number; operator: JsonObject }>,
	typeValidation: 'strict' | 'loose' = 'loose',
): JsonObject {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation, version: 2 },
		conditions: list,
		combinator: 'and',
	};
}

/** One field of a Set node (Edit Fields), as a string. */
export function assignment(id: string, name: string, value: string): JsonObject {
	return { id, name, value, type: 'string' };
}
