import { connectionsOf } from './build';
import type { SiteConfig } from './siteConfig';
import { listParameter, nodeType } from './siteConfig';
import type { WorkflowDefinition, WorkflowNode } from './types';

const CM_TO_GHOST_NOTE = `## Setup: one copy per Campaign Monitor list
The **Ghost → Campaign Monitor Setup** node does this for you. By hand:
1. Import and publish **Ghost → Campaign Monitor (dead letters)** first.
2. **Campaign Monitor Trigger** and **Read Subscriber**: your *Campaign Monitor API* credential; the list in the trigger (the site sync's). **Apply to Ghost**: this site's *Ghost Admin API* credential.
3. **Settings**: \`onBounced\` (\`unsubscribeAndLabel\` or \`labelOnly\`), \`bouncedLabel\`, \`onDeleted\` (\`ignore\` or \`unsubscribe\`).
4. **… → Settings → Error Workflow**: **Ghost → Campaign Monitor (dead letters)**.
5. **Publish.** The trigger registers its webhook with Campaign Monitor (and removes it when unpublished).

Campaign Monitor signs nothing: *Read Subscriber* asks Campaign Monitor for the subscriber, and only the state it reports changes Ghost. An address change in Campaign Monitor is reported, not pushed (Ghost owns the address).`;

/** Campaign Monitor → Ghost for one list: unsubscribes, spam complaints and bounces reach Ghost. */
export function cmToGhostWorkflow(config: SiteConfig): WorkflowDefinition {
	const nodes: WorkflowNode[] = [
		{
			parameters: {
				content: CM_TO_GHOST_NOTE,
				height: 300,
				width: 1300,
				color: 4,
			},
			id: '00000000-0000-4000-8000-0000000000c9',
			name: 'Setup',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position: [0, -320],
		},
		{
			parameters: {
				list: listParameter(config),
				events: ['Deactivate', 'Update'],
				options: {
					updatesWithAddressChangeOnly: true,
				},
			},
			id: '00000000-0000-4000-8000-0000000000c1',
			name: 'Campaign Monitor Trigger',
			type: nodeType('campaignMonitorTrigger'),
			typeVersion: 1,
			position: [0, 0],
			credentials: {
				campaignMonitorApi: config.campaignMonitor,
			},
		},
		{
			parameters: {
				inputSource: 'passthrough',
			},
			id: '00000000-0000-4000-8000-0000000000c2',
			name: 'When Replayed',
			type: 'n8n-nodes-base.executeWorkflowTrigger',
			typeVersion: 1.1,
			position: [0, 200],
		},
		{
			parameters: {
				assignments: {
					assignments: [
						{
							id: 'c-bounced',
							name: 'onBounced',
							value: 'unsubscribeAndLabel',
							type: 'string',
						},
						{
							id: 'c-label',
							name: 'bouncedLabel',
							value: 'Campaign Monitor: bounced',
							type: 'string',
						},
						{
							id: 'c-deleted',
							name: 'onDeleted',
							value: 'ignore',
							type: 'string',
						},
						{
							id: 'c-execution',
							name: 'executionId',
							value: '={{ $execution.id }}',
							type: 'string',
						},
					],
				},
				includeOtherFields: true,
				options: {},
			},
			id: '00000000-0000-4000-8000-0000000000c3',
			name: 'Settings',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [240, 100],
		},
		{
			parameters: {
				resource: 'subscriber',
				operation: 'get',
				list: {
					__rl: true,
					mode: 'id',
					value: '={{ $json.listId }}',
				},
				email: '={{ $json.email }}',
				requestOptions: {},
			},
			id: '00000000-0000-4000-8000-0000000000c4',
			name: 'Read Subscriber',
			type: nodeType('campaignMonitor'),
			typeVersion: 1,
			position: [480, 100],
			credentials: {
				campaignMonitorApi: config.campaignMonitor,
			},
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 2000,
		},
		{
			parameters: {
				operation: 'applyCampaignMonitorState',
				email: "={{ $('Settings').item.json.email }}",
				cmState: "={{ $json.found === false ? '' : ($json.State ?? '') }}",
				cmEvent: "={{ $('Settings').item.json.event }}",
				cmPreviousEmail: "={{ $('Settings').item.json.oldEmail ?? '' }}",
				cmOptions: {
					bouncedLabel: "={{ $('Settings').item.json.bouncedLabel }}",
					onBounced: "={{ $('Settings').item.json.onBounced }}",
					onDeleted: "={{ $('Settings').item.json.onDeleted }}",
					readInExecution: "={{ $('Settings').item.json.executionId }}",
				},
			},
			id: '00000000-0000-4000-8000-0000000000c5',
			name: 'Apply to Ghost',
			type: nodeType('ghostMembers'),
			typeVersion: 1,
			position: [720, 100],
			credentials: {
				ghostMembersAdminApi: config.ghost,
			},
		},
	];
	return {
		name: `Campaign Monitor → Ghost (unsubscribes and bounces${config.siteName ? `: ${config.siteName}` : ''})`,
		nodes,
		connections: connectionsOf([
			['Campaign Monitor Trigger', 'Settings', 0],
			['When Replayed', 'Settings', 0],
			['Settings', 'Read Subscriber', 0],
			['Read Subscriber', 'Apply to Ghost', 0],
		]),
		settings: {
			executionOrder: 'v1',
			errorWorkflow: config.errorWorkflowId,
			saveDataErrorExecution: 'all',
		},
	};
}
