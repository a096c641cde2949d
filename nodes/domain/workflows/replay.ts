import { connectionsOf, conditions } from './build';
import { deadLetterRows, ensureDeadLetterTable, FAILED_EXECUTION_EVENTS } from './deadLetterTable';
import type { SiteConfig } from './siteConfig';
import { nodeType } from './siteConfig';
import type { WorkflowDefinition, WorkflowNode } from './types';

const REPLAY_NOTE = `## Setup
The **Ghost → Campaign Monitor Setup** node does this for you. By hand:
1. **Failed Execution**: your *Ghost → Campaign Monitor Setup API* credential.
2. **Replay Settings**: \`failedAfter\` / \`failedBefore\` narrow the replay to a time range (empty: every pending dead letter).
3. Click **Execute workflow** when you want to replay (or add a Schedule Trigger).

Each dead letter runs through its site sync again (*When Replayed*), one at a time, which writes the member as Ghost has it **now**: \`replayed\`, \`superseded\` (the member changed since; the current state was written) or \`member gone\` (never added back). A replay that fails again stays \`pending\` with its new error.`;

/** The replay: every pending dead letter through its workflow again, one at a time. */
export function replayWorkflow(config: SiteConfig): WorkflowDefinition {
	const nodes: WorkflowNode[] = [
		{
			parameters: {
				content: REPLAY_NOTE,
				height: 230,
				width: 1800,
				color: 4,
			},
			id: '00000000-0000-4000-8000-000000000049',
			name: 'Setup',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position: [0, -110],
		},
		{
			id: '00000000-0000-4000-8000-000000000041',
			name: 'Replay Now',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 200],
			parameters: {},
		},
		{
			id: '00000000-0000-4000-8000-000000000042',
			name: 'Replay Settings',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 200],
			notes:
				"n8nApiUrl: this n8n's public API. Failed after / before: ISO dates to replay a date range; leave empty for all pending dead letters.",
			parameters: {
				assignments: {
					assignments: [
						{
							id: 'r2',
							name: 'failedAfter',
							value: '',
							type: 'string',
						},
						{
							id: 'r3',
							name: 'failedBefore',
							value: '',
							type: 'string',
						},
					],
				},
				options: {},
			},
		},
		ensureDeadLetterTable('00000000-0000-4000-8000-000000000043', [440, 200]),
		deadLetterRows(
			{
				id: '00000000-0000-4000-8000-000000000044',
				name: 'Pending Dead Letters',
				position: [660, 200],
				alwaysOutputData: false,
			},
			{
				operation: 'get',
				matchType: 'allConditions',
				filters: {
					conditions: [
						{
							keyName: 'status',
							condition: 'eq',
							keyValue: 'pending',
						},
					],
				},
				returnAll: true,
				options: {},
			},
		),
		{
			id: '00000000-0000-4000-8000-000000000045',
			name: 'In Date Range',
			type: 'n8n-nodes-base.filter',
			typeVersion: 2.2,
			position: [880, 200],
			parameters: {
				conditions: conditions([
					{
						id: 'f1',
						leftValue:
							"={{ !$('Replay Settings').item.json.failedAfter || new Date($json.failedAt) >= new Date($('Replay Settings').item.json.failedAfter) }}",
						rightValue: '',
						operator: {
							type: 'boolean',
							operation: 'true',
							singleValue: true,
						},
					},
					{
						id: 'f2',
						leftValue:
							"={{ !$('Replay Settings').item.json.failedBefore || new Date($json.failedAt) <= new Date($('Replay Settings').item.json.failedBefore) }}",
						rightValue: '',
						operator: {
							type: 'boolean',
							operation: 'true',
							singleValue: true,
						},
					},
				]),
				options: {},
			},
		},
		{
			parameters: {
				operation: 'getFailedExecution',
				executionId: '={{ $json.executionId }}',
			},
			id: '00000000-0000-4000-8000-0000000000e1',
			name: 'Failed Execution',
			type: nodeType('ghostCmDeadLetters'),
			typeVersion: 1,
			position: [1100, 200],
			credentials: {
				ghostCmN8nApi: config.n8nApi,
			},
			onError: 'continueRegularOutput',
		},
		{
			parameters: {
				mode: 'raw',
				jsonOutput: `={{ { ...(${FAILED_EXECUTION_EVENTS}.find((e) => e.event === $('In Date Range').item.json.event && ($('In Date Range').item.json.memberId ? e.memberId === $('In Date Range').item.json.memberId : e.emailRef === ($('In Date Range').item.json.emailRef ?? $('In Date Range').item.json.emailSha256))) ?? { event: $('In Date Range').item.json.event, site: $('In Date Range').item.json.site, memberId: $('In Date Range').item.json.memberId, member: { id: $('In Date Range').item.json.memberId }, previous: {} }), replayOf: String($('In Date Range').item.json.id) } }}`,
				options: {},
			},
			id: '00000000-0000-4000-8000-0000000000e2',
			name: 'Original Event',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [1320, 200],
		},
		{
			id: '00000000-0000-4000-8000-0000000000e4',
			name: 'One Event at a Time',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [1540, 200],
			notes:
				'Each dead letter is synced on its own, so one that fails again fails only its own row.',
			parameters: {
				batchSize: 1,
				options: {},
			},
		},
		{
			parameters: {
				source: 'database',
				workflowId: {
					__rl: true,
					mode: 'id',
					value: "={{ $('In Date Range').item.json.workflowId }}",
				},
				workflowInputs: {
					mappingMode: 'defineBelow',
					value: {},
					matchingColumns: [],
					schema: [],
					attemptToConvertTypes: false,
					convertFieldsToString: true,
				},
				mode: 'once',
				options: {
					waitForSubWorkflow: true,
				},
			},
			id: '00000000-0000-4000-8000-0000000000e3',
			name: 'Sync Again',
			type: 'n8n-nodes-base.executeWorkflow',
			typeVersion: 1.3,
			position: [1760, 300],
			onError: 'continueRegularOutput',
		},
		deadLetterRows(
			{
				id: '00000000-0000-4000-8000-000000000047',
				name: 'Mark Dead Letter',
				position: [1980, 300],
				alwaysOutputData: true,
				notes: 'Always puts an item out, so the loop goes on to the next dead letter.',
			},
			{
				operation: 'update',
				matchType: 'allConditions',
				filters: {
					conditions: [
						{
							keyName: 'id',
							condition: 'eq',
							keyValue: "={{ $('In Date Range').item.json.id }}",
						},
					],
				},
				columns: {
					mappingMode: 'defineBelow',
					value: {
						status:
							"={{ $json.error ? 'pending' : ({ current: 'replayed', superseded: 'superseded', 'member gone': 'member gone' })[$json.outcome] ?? 'replayed' }}",
						replayedAt: '={{ $now.toISO() }}',
						replayExecutionId: '={{ $execution.id }}',
						error:
							"={{ $json.error ? String($json.error ?? '').replace(/[^\\s'\"<>()]+(@|%40|%2540)[^\\s'\"<>()]+/gi, '[email]').slice(0, 1000) : $('In Date Range').item.json.error }}",
					},
					matchingColumns: [],
					schema: [
						{
							id: 'status',
							displayName: 'status',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'string',
							canBeUsedToMatch: true,
						},
						{
							id: 'replayedAt',
							displayName: 'replayedAt',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'dateTime',
							canBeUsedToMatch: true,
						},
						{
							id: 'replayExecutionId',
							displayName: 'replayExecutionId',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'string',
							canBeUsedToMatch: true,
						},
						{
							id: 'error',
							displayName: 'error',
							required: false,
							defaultMatch: false,
							display: true,
							type: 'string',
							canBeUsedToMatch: true,
						},
					],
				},
				options: {},
			},
		),
	];
	return {
		name: 'Ghost → Campaign Monitor (replay dead letters)',
		nodes,
		connections: connectionsOf([
			['Replay Now', 'Replay Settings', 0],
			['Replay Settings', 'Ensure Dead Letter Table', 0],
			['Ensure Dead Letter Table', 'Pending Dead Letters', 0],
			['Pending Dead Letters', 'In Date Range', 0],
			['In Date Range', 'Failed Execution', 0],
			['Failed Execution', 'Original Event', 0],
			['Original Event', 'One Event at a Time', 0],
			['Sync Again', 'Mark Dead Letter', 0],
			['One Event at a Time', 'Sync Again', 1],
			['Mark Dead Letter', 'One Event at a Time', 0],
		]),
		settings: { executionOrder: 'v1' },
	};
}
