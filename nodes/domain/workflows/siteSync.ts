import { CLEARABLE_GHOST_FIELDS, ghostFieldsFor, writtenAmong } from '../sync/ghostFields';
import { conditions, connectionsOf, stickyNote } from './build';
import type { SiteConfig } from './siteConfig';
import { listParameter, nodeType, workflowName } from './siteConfig';
import type { JsonObject, WorkflowDefinition, WorkflowNode } from './types';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const SETUP_NOTE = `## Setup: one copy per Ghost site
The **Ghost → Campaign Monitor Setup** node does all of this for you. By hand:
1. Import and publish **Ghost → Campaign Monitor (dead letters)** first.
2. **Ghost Member Trigger**: this site's *Ghost Admin API* credential, your *Campaign Monitor API* credential and the list (publishing checks that the list exists and creates the \`ghost_*\` fields it lacks). A *Site Name* if you run several sites.
3. **Member Status Diff** and **Member Sync Check**: the same Ghost credential as the trigger. The three Campaign Monitor nodes: the same Campaign Monitor credential.
4. **… → Settings → Error Workflow**: **Ghost → Campaign Monitor (dead letters)** (n8n's import drops it).
5. **Publish.** The trigger registers its webhooks in Ghost; it refuses a Ghost site or a list another published site sync already has.

Each event writes the member as Ghost has it *now* (Member Status Diff reads it); Member Sync Check reads it again after the write and sends it round once more if Ghost changed meanwhile. *When Replayed* is how the replay workflow runs a dead letter through this same path.`;

/** The mapper of a Campaign Monitor write: each chosen field from Member Status Diff's output. */
function fieldMapper(config: SiteConfig): JsonObject {
	const fields = ghostFieldsFor(config.optionalFields);
	return {
		mappingMode: 'defineBelow',
		value: Object.fromEntries(
			fields.map((field) => [
				field.FieldName,
				`={{ $json.campaignMonitor.fields.${field.FieldName} }}`,
			]),
		),
		matchingColumns: [],
		schema: fields.map((field) => ({
			id: field.FieldName,
			displayName: field.FieldName,
			required: false,
			defaultMatch: false,
			display: true,
			type: field.DataType === 'Date' ? 'dateTime' : 'string',
			canBeUsedToMatch: false,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

/** Fields whose empty value clears them, among those this site writes. */
function clearWhenEmpty(config: SiteConfig): string {
	return writtenAmong(CLEARABLE_GHOST_FIELDS, config.optionalFields).join(',');
}

function campaignMonitorWrite(
	config: SiteConfig,
	node: Pick<WorkflowNode, 'id' | 'name' | 'position' | 'notes'>,
	parameters: JsonObject,
): WorkflowNode {
	return {
		...node,
		type: nodeType('campaignMonitor'),
		typeVersion: 1,
		parameters: {
			resource: 'subscriber',
			...parameters,
			list: { __rl: true, mode: 'id', value: '={{ $json.cmListId }}' },
			requestOptions: {},
		},
		credentials: { campaignMonitorApi: config.campaignMonitor },
		// A failed write goes back to Member Status Diff, which reads Ghost again and retries.
		onError: 'continueErrorOutput',
	};
}

const statusDiffOptions = (config: SiteConfig): JsonObject => ({
	...(config.listMembership === 'allMembers' ? { listMembership: 'allMembers' } : {}),
	optionalGhostFields: config.optionalFields,
});

/** Ghost → Campaign Monitor for one site: every member event, written as Ghost has it now. */
export function siteSyncWorkflow(config: SiteConfig): WorkflowDefinition {
	const ghost = { ghostMembersAdminApi: config.ghost };
	const nodes: WorkflowNode[] = [
		stickyNote(id(9), SETUP_NOTE, [0, -250], { width: 1560, height: 330 }),
		{
			id: id(1),
			name: 'Ghost Member Trigger',
			type: nodeType('ghostMemberTrigger'),
			typeVersion: 2,
			position: [0, 220],
			parameters: {
				webhookSetup: 'automatic',
				events: ['member.added', 'member.edited', 'member.deleted'],
				list: listParameter(config),
				site: config.siteName,
				options: {},
			},
			credentials: { ...ghost, campaignMonitorApi: config.campaignMonitor },
		},
		{
			id: id(10),
			name: 'When Replayed',
			type: 'n8n-nodes-base.executeWorkflowTrigger',
			typeVersion: 1.1,
			position: [0, 420],
			parameters: { inputSource: 'passthrough' },
		},
		{
			id: id(2),
			name: 'Settings',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 300],
			parameters: {
				assignments: {
					assignments: [
						{
							id: 's-delete',
							name: 'onMemberDeleted',
							value: config.onMemberDeleted,
							type: 'string',
						},
					],
				},
				includeOtherFields: true,
				options: {},
			},
			notes: 'onMemberDeleted: unsubscribe (default), or delete for GDPR erasure.',
		},
		{
			id: id(3),
			name: 'Member Status Diff',
			type: nodeType('memberStatusDiff'),
			typeVersion: 1,
			position: [440, 300],
			parameters: {
				routing: 'single',
				readFromGhost: true,
				campaignMonitorLookup: false,
				options: statusDiffOptions(config),
			},
			credentials: ghost,
		},
		{
			id: id(4),
			name: 'Route',
			type: 'n8n-nodes-base.switch',
			typeVersion: 3.2,
			position: [660, 280],
			parameters: {
				rules: {
					values: (
						[
							['r-upsert', 'upsert', 'Gets Newsletters'],
							['r-unsub', 'unsubscribe', 'Opted Out'],
							['r-remove', 'remove', 'Deleted in Ghost'],
							['r-none', 'none', 'Nothing to Write'],
						] as const
					).map(([ruleId, action, outputKey]) => ({
						conditions: conditions(
							[
								{
									id: ruleId,
									leftValue: '={{ $json.campaignMonitor.action }}',
									rightValue: action,
									operator: { type: 'string', operation: 'equals' },
								},
							],
							'strict',
						),
						renameOutput: true,
						outputKey,
					})),
				},
				options: {},
			},
		},
		{
			id: id(5),
			name: 'Delete in Campaign Monitor?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: [880, 440],
			parameters: {
				conditions: conditions([
					{
						id: 'c-gdpr',
						leftValue: '={{ $json.onMemberDeleted }}',
						rightValue: 'delete',
						operator: { type: 'string', operation: 'equals' },
					},
				]),
				options: {},
			},
		},
		campaignMonitorWrite(
			config,
			{ id: id(6), name: 'Delete Subscriber', position: [1100, 520] },
			{
				operation: 'delete',
				email: '={{ $json.campaignMonitor?.listEmail || $json.member.email }}',
			},
		),
		campaignMonitorWrite(
			config,
			{ id: id(7), name: 'Unsubscribe Subscriber', position: [1100, 300] },
			{
				operation: 'unsubscribe',
				email: '={{ $json.campaignMonitor?.listEmail || $json.member.email }}',
				customFields: fieldMapper(config),
				options: { clearWhenEmpty: clearWhenEmpty(config) },
			},
		),
		campaignMonitorWrite(
			config,
			{
				id: id(8),
				name: 'Add or Update Subscriber',
				position: [1100, 100],
				notes:
					'Renames instead of duplicating when Ghost sends previous.email. Resubscribe only when the member newly opted in (subscribed false → true); otherwise an unsubscribed, bounced or deleted subscriber keeps their opt-out.',
			},
			{
				operation: 'add',
				email: '={{ $json.campaignMonitor.EmailAddress }}',
				previousEmail: "={{ $json.previous.email || '' }}",
				name: '={{ $json.campaignMonitor.Name }}',
				customFields: fieldMapper(config),
				options: {
					resubscribe: '={{ $json.campaignMonitor.resubscribe === true }}',
					clearWhenEmpty: clearWhenEmpty(config),
				},
			},
		),
		{
			id: id(11),
			name: 'Member Sync Check',
			type: nodeType('memberSyncCheck'),
			typeVersion: 1,
			position: [1340, 300],
			parameters: { syncedItem: "={{ $('Member Status Diff').item.json }}", maxPasses: 3 },
			credentials: ghost,
		},
	];
	return {
		name: workflowName('site sync', config),
		nodes,
		connections: connectionsOf([
			['Ghost Member Trigger', 'Settings'],
			['When Replayed', 'Settings'],
			['Settings', 'Member Status Diff'],
			['Member Status Diff', 'Route'],
			['Route', 'Add or Update Subscriber', 0],
			['Route', 'Unsubscribe Subscriber', 1],
			['Route', 'Delete in Campaign Monitor?', 2],
			['Route', 'Member Sync Check', 3],
			['Delete in Campaign Monitor?', 'Delete Subscriber', 0],
			['Delete in Campaign Monitor?', 'Unsubscribe Subscriber', 1],
			['Delete Subscriber', 'Member Sync Check', 0],
			['Delete Subscriber', 'Member Status Diff', 1],
			['Unsubscribe Subscriber', 'Member Sync Check', 0],
			['Unsubscribe Subscriber', 'Member Status Diff', 1],
			['Add or Update Subscriber', 'Member Sync Check', 0],
			['Add or Update Subscriber', 'Member Status Diff', 1],
			['Member Sync Check', 'Member Status Diff', 1],
		]),
		settings: {
			executionOrder: 'v1',
			errorWorkflow: config.errorWorkflowId,
			saveDataErrorExecution: 'all',
		},
	};
}
