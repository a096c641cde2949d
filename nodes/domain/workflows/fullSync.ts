import { conditions, connectionsOf, stickyNote } from './build';
import type { SiteConfig } from './siteConfig';
import { listParameter, nodeType, workflowName } from './siteConfig';
import type { JsonObject, WorkflowDefinition, WorkflowNode } from './types';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const FULL_SYNC_NOTE = `## Setup: one copy per site
The **Ghost → Campaign Monitor Setup** node does this for you. By hand:
1. **Member Full Sync**: this site's Ghost credential, your Campaign Monitor credential and the list (the site sync's).
2. **… → Settings**: *Error Workflow*: **Ghost → Campaign Monitor (dead letters)**.
3. **Execute workflow** and read the plan: a run by hand is a dry run (*Dry Run: When Run by Hand*).
4. **Publish**: every night at 02:30 (*Nightly*) it applies the plan.`;

const CATCH_UP_NOTE = `## Setup: one copy per site
The **Ghost → Campaign Monitor Setup** node does this for you. By hand:
1. **Catch Up**: this site's Ghost credential, your Campaign Monitor credential and the list, as in the site sync, with the same *List Membership*.
2. **… → Settings**: *Error Workflow*: **Ghost → Campaign Monitor (dead letters)**.
3. **Check Delivery Paths**: the same Ghost and Campaign Monitor credentials, and your *Ghost → Campaign Monitor Setup API* credential.
4. **Publish.** Every 10 minutes, and once as soon as n8n starts (*When n8n Starts*: deliveries lost while n8n was down), it repairs what the live sync missed, then checks that Ghost's webhooks and the Campaign Monitor list webhook are in place (registering again what went missing). *Alert* fails the run (and reaches the dead letters) when it repaired a delivery path, or more members than a handful.`;

function memberFullSync(
	config: SiteConfig,
	node: Pick<WorkflowNode, 'id' | 'name' | 'notes'>,
	parameters: JsonObject,
	options: JsonObject,
): WorkflowNode {
	return {
		...node,
		type: nodeType('memberFullSync'),
		typeVersion: 2,
		position: [260, 300],
		parameters: {
			list: listParameter(config),
			...parameters,
			options: {
				...options,
				...(config.listMembership === 'allMembers' ? { listMembership: 'allMembers' } : {}),
				optionalGhostFields: config.optionalFields,
			},
			requestOptions: {},
		},
		credentials: {
			ghostMembersAdminApi: config.ghost,
			campaignMonitorApi: config.campaignMonitor,
		},
	};
}

/** The nightly full sync: the whole list against every Ghost member, applied on its schedule. */
export function fullSyncWorkflow(config: SiteConfig): WorkflowDefinition {
	return {
		name: workflowName('full sync', config),
		nodes: [
			stickyNote(id(105), FULL_SYNC_NOTE, [0, -30], { width: 600, height: 210 }),
			{
				id: id(97),
				name: 'Nightly',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 200],
				parameters: { rule: { interval: [{ field: 'cronExpression', expression: '30 2 * * *' }] } },
			},
			{
				id: id(98),
				name: 'Run Now',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 400],
				parameters: {},
			},
			memberFullSync(
				config,
				{
					id: id(99),
					name: 'Member Full Sync',
					notes:
						'Run by hand it only reports the plan (summary + per-address detail); on its nightly schedule it applies it.',
				},
				{ dryRunMode: 'whenRunByHand' },
				{ detailLimit: 1000 },
			),
		],
		connections: connectionsOf([
			['Nightly', 'Member Full Sync'],
			['Run Now', 'Member Full Sync'],
		]),
		settings: { executionOrder: 'v1', errorWorkflow: config.errorWorkflowId },
	};
}

/** The catch-up: members Ghost changed since the last run, repaired every 10 minutes. */
export function catchUpWorkflow(config: SiteConfig): WorkflowDefinition {
	return {
		name: workflowName('catch-up', config),
		nodes: [
			stickyNote(id(121), CATCH_UP_NOTE, [0, -40], { width: 1240, height: 230 }),
			{
				id: id(113),
				name: 'Every 10 Minutes',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 200],
				parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 10 }] } },
			},
			{
				id: id(114),
				name: 'Run Now',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 400],
				parameters: {},
			},
			{
				id: id(122),
				name: 'When n8n Starts',
				type: 'n8n-nodes-base.n8nTrigger',
				typeVersion: 1,
				position: [0, 600],
				parameters: { events: ['init'] },
			},
			memberFullSync(
				config,
				{
					id: id(115),
					name: 'Catch Up',
					notes:
						"Members Ghost changed since the last successful run (5-minute overlap), each checked against Campaign Monitor with the site sync's rule. Use the same credentials, list and List Membership as the site sync.",
				},
				{ scope: 'changed', dryRunMode: 'never' },
				{ detailLimit: 100, overlapMinutes: 5, firstLookBackMinutes: 60 },
			),
			{
				id: id(123),
				name: 'Check Delivery Paths',
				type: nodeType('ghostCmHealth'),
				typeVersion: 1,
				position: [520, 300],
				parameters: { operation: 'checkDeliveryPaths', repair: true, missedThreshold: 5 },
				credentials: {
					ghostMembersAdminApi: config.ghost,
					campaignMonitorApi: config.campaignMonitor,
					ghostCmN8nApi: config.n8nApi,
				},
				notes:
					'Registers again a Ghost webhook or the Campaign Monitor list webhook that went missing, turns back on a deactivated one, and says so. Missed Deliveries Alert Above: more catch-up repairs than this mean Ghost stopped delivering; raise it if your members change in bulk often.',
			},
			{
				id: id(116),
				name: 'Anything to Report?',
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				position: [780, 300],
				parameters: {
					conditions: conditions([
						{
							id: 'c-alert',
							leftValue: "={{ $json.alert ?? '' }}",
							rightValue: '',
							operator: { type: 'string', operation: 'notEmpty', singleValue: true },
						},
					]),
					options: {},
				},
			},
			{
				id: id(117),
				name: 'Alert',
				type: 'n8n-nodes-base.stopAndError',
				typeVersion: 1,
				position: [1040, 220],
				parameters: { errorType: 'errorMessage', errorMessage: '={{ $json.alert }}' },
				notes:
					'Fails the run on purpose, so the dead letters (and your error notification) hear about it.',
			},
		],
		connections: connectionsOf([
			['Every 10 Minutes', 'Catch Up'],
			['Run Now', 'Catch Up'],
			['When n8n Starts', 'Catch Up'],
			['Catch Up', 'Check Delivery Paths'],
			['Check Delivery Paths', 'Anything to Report?'],
			['Anything to Report?', 'Alert', 0],
		]),
		settings: { executionOrder: 'v1', errorWorkflow: config.errorWorkflowId },
	};
}
