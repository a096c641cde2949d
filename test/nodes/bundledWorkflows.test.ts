/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test: reads the workflow files from disk; never shipped */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { CampaignMonitor } from '../../nodes/CampaignMonitor/CampaignMonitor.node';
import { CampaignMonitorTrigger } from '../../nodes/CampaignMonitorTrigger/CampaignMonitorTrigger.node';
import { GhostMembers } from '../../nodes/GhostMembers/GhostMembers.node';
import { GhostMemberTrigger } from '../../nodes/GhostMemberTrigger/GhostMemberTrigger.node';
import { MemberFullSync } from '../../nodes/MemberFullSync/MemberFullSync.node';
import { MemberStatusDiff } from '../../nodes/MemberStatusDiff/MemberStatusDiff.node';
import { MemberSyncCheck } from '../../nodes/MemberSyncCheck/MemberSyncCheck.node';
import { GhostCmDeadLetters } from '../../nodes/GhostCmDeadLetters/GhostCmDeadLetters.node';
import { GhostCmSetup } from '../../nodes/GhostCmSetup/GhostCmSetup.node';
import { GhostCmHealth } from '../../nodes/GhostCmHealth/GhostCmHealth.node';
import { BUNDLED_WORKFLOWS, workflowFile } from '../../nodes/domain/workflows/catalogue';
import { FILE_CONFIG } from '../../nodes/domain/workflows/siteConfig';
import {
	DEAD_LETTER_COLUMNS,
	DEAD_LETTER_TABLE,
	LEGACY_COLUMN_NAMES,
} from '../../nodes/domain/sync/deadLetters';
import pkg from '../../package.json';

const WORKFLOWS = join(__dirname, '..', '..', 'workflows');
const ours: Record<string, INodeType> = {
	'n8n-nodes-ghost-campaign-monitor.campaignMonitor': new CampaignMonitor(),
	'n8n-nodes-ghost-campaign-monitor.ghostMemberTrigger': new GhostMemberTrigger(),
	'n8n-nodes-ghost-campaign-monitor.memberStatusDiff': new MemberStatusDiff(),
	'n8n-nodes-ghost-campaign-monitor.memberFullSync': new MemberFullSync(),
	'n8n-nodes-ghost-campaign-monitor.memberSyncCheck': new MemberSyncCheck(),
	'n8n-nodes-ghost-campaign-monitor.campaignMonitorTrigger': new CampaignMonitorTrigger(),
	'n8n-nodes-ghost-campaign-monitor.ghostMembers': new GhostMembers(),
	'n8n-nodes-ghost-campaign-monitor.ghostCmDeadLetters': new GhostCmDeadLetters(),
	'n8n-nodes-ghost-campaign-monitor.ghostCmSetup': new GhostCmSetup(),
	'n8n-nodes-ghost-campaign-monitor.ghostCmHealth': new GhostCmHealth(),
};

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

const files = readdirSync(WORKFLOWS).filter((file) => file.endsWith('.json'));

/** Properties that apply to these parameter values (displayOptions.show on resource/operation). */
function visible(properties: INodeProperties[], parameters: Record<string, unknown>) {
	return properties.filter((property) =>
		Object.entries(property.displayOptions?.show ?? {}).every(
			([key, allowed]) =>
				key.startsWith('@') ||
				parameters[key] === undefined ||
				(allowed as unknown[]).includes(parameters[key]),
		),
	);
}

describe('bundled workflows import more than once', () => {
	// A webhook id in the file is kept by n8n's editor on import: a second copy (a second site)
	// would claim the same URL and fail to publish ("There is a conflict with one of the webhooks").
	it.each(files)('%s: no node carries a webhook id', (file) => {
		const workflow = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as {
			nodes: Array<WorkflowNode & { webhookId?: string }>;
		};
		expect(workflow.nodes.filter((node) => node.webhookId).map((node) => node.name)).toEqual([]);
	});
});

describe('one source for the workflows', () => {
	// The setup node creates these definitions through n8n's API; the files are the same
	// definitions for those who import by hand. `npm run workflows` writes them again.
	it.each(BUNDLED_WORKFLOWS.map((workflow) => [workflow.file, workflow] as const))(
		'%s is the definition the setup node creates (npm run workflows)',
		(file, workflow) => {
			const shipped = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8'));
			expect(shipped).toEqual(JSON.parse(JSON.stringify(workflowFile(workflow, FILE_CONFIG))));
		},
	);

	it('every node version a workflow names is one its node has', () => {
		for (const file of files)
			for (const node of JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')).nodes as Array<
				WorkflowNode & { typeVersion: number }
			>) {
				const type = ours[node.type];
				if (!type) continue;
				const versions = [type.description.version].flat();
				expect({ node: node.name, version: versions.includes(node.typeVersion) }).toEqual({
					node: node.name,
					version: true,
				});
			}
	});
});

describe('bundled workflows match the current node parameters', () => {
	it('ships the workflows the README describes', () => {
		expect(files.sort()).toEqual([
			'campaign-monitor-to-ghost.json',
			'catch-up.json',
			'dead-letter.json',
			'full-sync.json',
			'ghost-to-campaign-monitor.json',
			'health.json',
			'replay-dead-letters.json',
		]);
	});

	it('registers every node of this package the workflows use', () => {
		for (const type of Object.keys(ours)) {
			const file = type.split('.')[1].replace(/^./, (c) => c.toUpperCase());
			expect(pkg.n8n.nodes).toContain(`dist/nodes/${file}/${file}.node.js`);
		}
	});

	it('every workflow that creates the dead-letter table declares the same columns, and the dead letter writes only those', () => {
		const creators = files.flatMap((file) =>
			(JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')).nodes as WorkflowNode[]).filter(
				(node) =>
					node.type === 'n8n-nodes-base.dataTable' &&
					node.parameters.operation === 'create' &&
					node.parameters.tableName === DEAD_LETTER_TABLE,
			),
		);
		expect(creators).toHaveLength(2);
		for (const node of creators) {
			expect((node.parameters.columns as { column: unknown[] }).column).toEqual(
				DEAD_LETTER_COLUMNS,
			);
		}
		const deadLetter = JSON.parse(readFileSync(join(WORKFLOWS, 'dead-letter.json'), 'utf8'))
			.nodes as WorkflowNode[];
		const written = (
			deadLetter.find((n) => n.name === 'Dead Letter')!.parameters.assignments as {
				assignments: Array<{ name: string }>;
			}
		).assignments.map((a) =>
			// The email column is written under the name the table has (an older table's name too).
			a.name.startsWith('=') ? 'emailRef' : a.name,
		);
		expect(written.sort()).toEqual(
			DEAD_LETTER_COLUMNS.filter((c) => !['replayedAt', 'replayExecutionId'].includes(c.name))
				.map((c) => c.name)
				.sort(),
		);
		const emailColumn = (
			deadLetter.find((n) => n.name === 'Dead Letter')!.parameters.assignments as {
				assignments: Array<{ name: string }>;
			}
		).assignments.find((a) => a.name.startsWith('='))!.name;
		expect(emailColumn).toContain("'emailRef'");
		expect(emailColumn).toContain(`'${LEGACY_COLUMN_NAMES.emailRef}'`);
	});

	for (const file of files) {
		const workflow = JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as {
			nodes: WorkflowNode[];
			connections: Record<string, unknown>;
		};

		it(`${file}: connections name existing nodes`, () => {
			const names = new Set(workflow.nodes.map((node) => node.name));
			for (const [from, outputs] of Object.entries(workflow.connections)) {
				expect(names.has(from)).toBe(true);
				for (const target of JSON.stringify(outputs).match(/"node":"([^"]+)"/g) ?? []) {
					expect(names.has(target.slice(8, -1))).toBe(true);
				}
			}
		});

		it(`${file}: carries no secrets and only empty credential ids (placeholders)`, () => {
			for (const node of workflow.nodes) {
				for (const credential of Object.values(node.credentials ?? {}))
					expect(credential.id).toBe('');
			}
			expect(readFileSync(join(WORKFLOWS, file), 'utf8')).not.toMatch(
				/apiKey|secret"\s*:\s*"[^"]/i,
			);
		});

		for (const node of workflow.nodes.filter((n) => ours[n.type])) {
			it(`${file}: "${node.name}" uses only parameters and options its node has`, () => {
				const { properties, credentials = [] } = ours[node.type].description;
				const applicable = visible(properties, node.parameters);
				for (const [key, value] of Object.entries(node.parameters)) {
					const property = applicable.find((p) => p.name === key);
					expect({ key, known: property !== undefined }).toEqual({ key, known: true });
					if (property?.type === 'options' && typeof value === 'string' && !value.startsWith('=')) {
						expect(property.options?.map((o) => (o as { value: unknown }).value)).toContain(value);
					}
					if (property?.type === 'collection' && value && typeof value === 'object') {
						const optionNames = (property.options as INodeProperties[]).map((o) => o.name);
						for (const optionKey of Object.keys(value)) expect(optionNames).toContain(optionKey);
					}
				}
				for (const type of Object.keys(node.credentials ?? {})) {
					expect(credentials.map((c) => c.name)).toContain(type);
				}
			});
		}
	}
});
