/* eslint-disable @typescript-eslint/no-explicit-any -- end-to-end harness: node outputs are free-form JSON; never shipped */
import type { N8nInstance } from './n8n';

export const SETUP_NODE = 'Ghost → Campaign Monitor Setup';
const MANUAL_TRIGGER = 'When clicking ‘Execute workflow’';

export interface SetupRun {
	status: string;
	/** The setup node's items: the summary first, then one per workflow. */
	items: any[];
	error?: { message: string; description?: string };
}

/**
 * The setup node as a publisher runs it: a workflow with a Manual Trigger and the node, the
 * three credentials and the list picked, run from the editor ("Execute workflow": manual mode).
 */
export async function runSetupNode(
	n8n: N8nInstance,
	setup: {
		ghostCredential: { id: string; name: string };
		cmCredential: { id: string; name: string };
		apiCredential: { id: string; name: string };
		listId: string;
		operation: 'preview' | 'setUp';
		siteName?: string;
		options?: Record<string, unknown>;
	},
): Promise<SetupRun> {
	return await runPackageNode(n8n, {
		workflowName: `Set up ${setup.siteName ?? setup.listId} (${setup.operation})`,
		name: SETUP_NODE,
		type: 'ghostCmSetup',
		parameters: {
			operation: setup.operation,
			list: { __rl: true, mode: 'id', value: setup.listId },
			...(setup.siteName ? { siteName: setup.siteName } : {}),
			options: setup.options ?? {},
		},
		credentials: {
			ghostMembersAdminApi: setup.ghostCredential,
			campaignMonitorApi: setup.cmCredential,
			ghostCmN8nApi: setup.apiCredential,
		},
	});
}

/** The workflows n8n has, with their nodes (REST, as the editor lists them). */
export async function n8nWorkflows(n8n: N8nInstance): Promise<any[]> {
	const list = await n8n.rest('GET', '/workflows?includeScopes=false');
	const ids: string[] = (list.data ?? list).map((w: { id: string }) => w.id);
	return await Promise.all(ids.map(async (id) => await n8n.rest('GET', `/workflows/${id}`)));
}

/**
 * One node of the package run from the editor (a Manual Trigger and the node, "Execute
 * workflow"), its output items and the execution's error.
 */
export async function runPackageNode(
	n8n: N8nInstance,
	node: {
		/** The workflow's name (default: the node's, made unique). */
		workflowName?: string;
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials: Record<string, { id: string; name: string }>;
	},
): Promise<SetupRun> {
	const { id } = await n8n.createWorkflow({
		name: node.workflowName ?? `${node.name} (${Date.now()})`,
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: MANUAL_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: node.name,
				type: `n8n-nodes-ghost-campaign-monitor.${node.type}`,
				typeVersion: 1,
				position: [220, 0],
				parameters: node.parameters,
				credentials: node.credentials,
			},
		],
		connections: {
			[MANUAL_TRIGGER]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	const execution = await n8n.runManually(id, MANUAL_TRIGGER);
	return {
		status: execution.status,
		items: await n8n.nodeOutput(execution.id, node.name),
		error: execution.status === 'success' ? undefined : await n8n.executionError(execution.id),
	};
}
