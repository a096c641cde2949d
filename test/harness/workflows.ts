/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- end-to-end harness: reads the bundled workflow files (any: node parameters are free-form JSON); never shipped */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './package';

export type WorkflowFile = {
	id: string;
	name: string;
	settings: Record<string, unknown>;
	nodes: Array<{
		name: string;
		type: string;
		webhookId?: string;
		parameters: Record<string, any>;
		credentials?: Record<string, { id: string; name: string }>;
	}>;
	connections: unknown;
};

export function bundledWorkflow(file: string): WorkflowFile {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', file), 'utf8'));
}

/** Points every credential of a type at an imported credential, as a user picks them after import. */
export function useCredential(
	workflow: WorkflowFile,
	type: string,
	id: string,
	name: string,
): WorkflowFile {
	for (const node of workflow.nodes) {
		if (node.credentials?.[type]) node.credentials[type] = { id, name };
	}
	return workflow;
}

/** The package's own n8n API credential, as the dead-letter and replay workflows use it. */
export const N8N_API_CREDENTIAL = {
	id: 'n8nApiCred00001',
	name: 'Ghost → Campaign Monitor Setup API',
	type: 'ghostCmN8nApi',
};

/** The dead-letter or replay workflow with the n8n API credential picked. */
export function withN8nApi(workflow: WorkflowFile): WorkflowFile {
	return useCredential(
		workflow,
		N8N_API_CREDENTIAL.type,
		N8N_API_CREDENTIAL.id,
		N8N_API_CREDENTIAL.name,
	);
}

export function node(workflow: WorkflowFile, name: string) {
	const found = workflow.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`No node "${name}" in ${workflow.name}`);
	return found;
}

/**
 * A per-site copy of the sync workflow as a user makes it: the file as it ships, imported again,
 * with what the README has them set (name, Site Name, list, credentials). Its id and webhook URL
 * are n8n's, given when it is created (the file carries no webhook id).
 */
export function siteSyncWorkflow(site: {
	key: string;
	listId: string;
	ghostCredentialId: string;
	cmCredentialId: string;
}) {
	const workflow = bundledWorkflow('ghost-to-campaign-monitor.json');
	workflow.name = `Ghost → Campaign Monitor (${site.key})`;
	const trigger = node(workflow, 'Ghost Member Trigger');
	trigger.parameters.site = `site-${site.key.toLowerCase()}`;
	trigger.parameters.list = { __rl: true, mode: 'id', value: site.listId };
	useCredential(workflow, 'ghostMembersAdminApi', site.ghostCredentialId, `Ghost ${site.key}`);
	useCredential(
		workflow,
		'campaignMonitorApi',
		site.cmCredentialId,
		'Campaign Monitor (simulator)',
	);
	return workflow;
}

/** The catch-up for one stack site, its list and credentials picked as a user picks them after import. */
export function catchUpWorkflow(site: { key: string; listId: string }) {
	const workflow = withN8nApi(bundledWorkflow('catch-up.json'));
	node(workflow, 'Catch Up').parameters.list = { __rl: true, mode: 'id', value: site.listId };
	useCredential(
		workflow,
		'ghostMembersAdminApi',
		`ghostSite${site.key}Cred01`,
		`Ghost ${site.key}`,
	);
	return useCredential(
		workflow,
		'campaignMonitorApi',
		'cmSimulatorCred1',
		'Campaign Monitor (simulator)',
	);
}
