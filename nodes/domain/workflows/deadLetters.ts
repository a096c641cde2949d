import { assignment, connectionsOf, conditions } from './build';
import { DEAD_LETTER_TABLE } from '../sync/deadLetters';
import { deadLetterRows, ensureDeadLetterTable, FAILED_EXECUTION_EVENTS } from './deadLetterTable';
import type { SiteConfig } from './siteConfig';
import { nodeType } from './siteConfig';
import type { WorkflowDefinition, WorkflowNode } from './types';

const DEAD_LETTER_NOTE = `## Setup: import and publish this one first
The **Ghost → Campaign Monitor Setup** node does this for you. By hand:
1. **Failed Execution**: your *Ghost → Campaign Monitor Setup API* credential (Settings → n8n API → create an API key).
2. **… → Settings**: *Save successful production executions*: **Do not save** (they would keep member data); *Save failed production executions*: **Save**, so a dead letter that could not be recorded shows in the executions list.
3. **Publish.** n8n runs an error workflow only when it is published. It creates the Data Table \`${DEAD_LETTER_TABLE}\` on first use (the replay workflow declares the same columns; a table from an older version is written as it is).`;

/** The dead letters: each event of a failed execution, kept (no email in clear) for a replay. */
export function deadLetterWorkflow(config: SiteConfig): WorkflowDefinition {
	const nodes: WorkflowNode[] = [
		{
			parameters: {
				content: DEAD_LETTER_NOTE,
				height: 170,
				width: 2300,
				color: 4,
			},
			id: '00000000-0000-4000-8000-000000000029',
			name: 'Setup',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position: [0, 110],
		},
		{
			id: '00000000-0000-4000-8000-000000000021',
			name: 'Error Trigger',
			type: 'n8n-nodes-base.errorTrigger',
			typeVersion: 1,
			position: [0, 200],
			parameters: {},
		},
		ensureDeadLetterTable('00000000-0000-4000-8000-000000000022', [220, 200]),
		{
			id: '00000000-0000-4000-8000-000000000023',
			name: 'Failed Execution',
			type: nodeType('ghostCmDeadLetters'),
			typeVersion: 1,
			position: [440, 200],
			parameters: {
				operation: 'getFailedExecution',
				executionId: "={{ $('Error Trigger').first().json.execution?.id ?? '' }}",
			},
			credentials: {
				ghostCmN8nApi: config.n8nApi,
			},
			onError: 'continueRegularOutput',
		},
		{
			parameters: {
				mode: 'raw',
				jsonOutput: `={{ { events: ((events) => events.length ? events : [{}])(${FAILED_EXECUTION_EVENTS}) } }}`,
				options: {},
			},
			id: '00000000-0000-4000-8000-0000000000d8',
			name: 'Failed Events',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [660, 200],
		},
		{
			parameters: {
				fieldToSplitOut: 'events',
				options: {},
			},
			id: '00000000-0000-4000-8000-0000000000da',
			name: 'One Row per Event',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [880, 200],
		},
		{
			parameters: {
				conditions: conditions([
					{
						id: 'c-replay',
						leftValue: "={{ $json.replayOf ?? '' }}",
						rightValue: '',
						operator: {
							type: 'string',
							operation: 'empty',
							singleValue: true,
						},
					},
				]),
				options: {},
			},
			id: '00000000-0000-4000-8000-0000000000d9',
			name: 'Not a Replay?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: [1100, 200],
		},
		{
			id: '00000000-0000-4000-8000-000000000024',
			name: 'Dead Letter',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [1320, 200],
			notes:
				'Enough to replay: the execution to retry, and what it was about (site, event and member come from the Ghost Member Trigger; empty for a failed full sync). The email is only kept as a SHA-256 hash.',
			parameters: {
				assignments: {
					assignments: [
						assignment(
							'd1',
							'executionId',
							"={{ $('Error Trigger').first().json.execution?.id ?? '' }}",
						),
						assignment(
							'd2',
							'executionUrl',
							"={{ $('Error Trigger').first().json.execution?.url ?? '' }}",
						),
						assignment('d3', 'workflowId', "={{ $('Error Trigger').first().json.workflow.id }}"),
						assignment(
							'd4',
							'workflowName',
							"={{ $('Error Trigger').first().json.workflow.name }}",
						),
						assignment('d5', 'site', "={{ $json.site ?? '' }}"),
						assignment('d6', 'event', "={{ $json.event ?? '' }}"),
						assignment('d7', 'memberId', "={{ $json.memberId ?? '' }}"),
						assignment(
							'd8',
							"={{ (($c) => $c.some(c => c.name === 'emailRef') || !$c.some(c => c.name === 'emailSha256') ? 'emailRef' : 'emailSha256')($('Ensure Dead Letter Table').first().json.columns ?? []) }}",
							"={{ $json.emailRef ?? '' }}",
						),
						assignment(
							'd9',
							'error',
							"={{ String(($('Error Trigger').first().json.execution ?? $('Error Trigger').first().json.trigger)?.error?.message ?? '').replace(/[^\\s'\"<>()]+(@|%40|%2540)[^\\s'\"<>()]+/gi, '[email]').slice(0, 1000) }}",
						),
						assignment(
							'd10',
							'failedNode',
							"={{ $('Error Trigger').first().json.execution?.lastNodeExecuted ?? '' }}",
						),
						assignment('d11', 'failedAt', '={{ $now.toISO() }}'),
						assignment('d12', 'status', 'pending'),
					],
				},
				options: {},
			},
		},
		deadLetterRows(
			{
				id: '00000000-0000-4000-8000-000000000025',
				name: 'Record Dead Letter',
				position: [1540, 200],
			},
			{
				operation: 'insert',
				dataTableId: {
					__rl: true,
					mode: 'name',
					value: 'ghost_cm_dead_letters',
				},
				columns: {
					mappingMode: 'autoMapInputData',
					value: {},
					matchingColumns: [],
					schema: [],
				},
				options: {},
			},
		),
		{
			id: '00000000-0000-4000-8000-000000000026',
			name: 'Notify (optional)',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [1760, 200],
			disabled: true,
			notes: 'Replace with Slack, email or any notification node to hear about dead letters.',
			parameters: {},
		},
	];
	return {
		name: 'Ghost → Campaign Monitor (dead letters)',
		nodes,
		connections: connectionsOf([
			['Error Trigger', 'Ensure Dead Letter Table', 0],
			['Ensure Dead Letter Table', 'Failed Execution', 0],
			['Failed Execution', 'Failed Events', 0],
			['Failed Events', 'One Row per Event', 0],
			['One Row per Event', 'Not a Replay?', 0],
			['Not a Replay?', 'Dead Letter', 0],
			['Dead Letter', 'Record Dead Letter', 0],
			['Record Dead Letter', 'Notify (optional)', 0],
		]),
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'none',
			saveDataErrorExecution: 'all',
			saveManualExecutions: false,
			saveExecutionProgress: false,
		},
	};
}
