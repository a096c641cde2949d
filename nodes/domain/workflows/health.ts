import { connectionsOf, stickyNote } from './build';
import type { SiteConfig } from './siteConfig';
import { nodeType, workflowName } from './siteConfig';
import type { JsonObject, WorkflowDefinition, WorkflowNode } from './types';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const HEALTH_NOTE = `## Is it working? One copy per site
The **Ghost → Campaign Monitor Setup** node makes and publishes it. By hand: the three *Ghost → Campaign Monitor Health* nodes get this site's Ghost credential, your Campaign Monitor credential and your *Ghost → Campaign Monitor Setup API* credential; **Publish**.
- **Health Page** (its Production URL, for logged-in n8n users only): runs, failures, dead letters waiting, the last catch-up and full sync, each webhook and credential; a red line says what to do.
- **Reader Lookup** (its Production URL, n8n users only): why a reader is (not) in Campaign Monitor, with *Repair now*.
- **Every Morning** the same report goes to **Send the Digest**: replace it with your notification node (Send Email, Slack…) and send \`{{ $json.html }}\`.
Executions of this workflow are not kept when they succeed (they would hold readers' addresses).`;

/** n8n's Form Trigger, only for logged-in n8n users. */
function form(
	n: number,
	name: string,
	title: string,
	fields: JsonObject[],
	y: number,
): WorkflowNode {
	return {
		id: id(n),
		name,
		type: 'n8n-nodes-base.formTrigger',
		typeVersion: 2.6,
		position: [0, y],
		parameters: {
			authentication: 'n8nUserAuth',
			formTitle: title,
			formFields: { values: fields },
			options: { includeUserInOutput: false },
		},
	};
}

const noYes = (label: string): JsonObject => ({
	fieldLabel: label,
	fieldType: 'dropdown',
	fieldOptions: { values: [{ option: 'No' }, { option: 'Yes' }] },
});

function health(
	config: SiteConfig,
	n: number,
	name: string,
	parameters: JsonObject,
	position: [number, number],
): WorkflowNode {
	return {
		id: id(n),
		name,
		type: nodeType('ghostCmHealth'),
		typeVersion: 1,
		position,
		parameters,
		credentials: {
			ghostMembersAdminApi: config.ghost,
			campaignMonitorApi: config.campaignMonitor,
			ghostCmN8nApi: config.n8nApi,
		},
	};
}

/** A Form ending page that shows the HTML the health node made. */
function page(n: number, name: string, y: number): WorkflowNode {
	return {
		id: id(n),
		name,
		type: 'n8n-nodes-base.form',
		typeVersion: 2.5,
		position: [520, y],
		parameters: {
			operation: 'completion',
			respondWith: 'showText',
			responseText: '={{ $json.html }}',
		},
	};
}

/** Is it working? The health page, the reader lookup and the daily digest, for one site. */
export function healthWorkflow(config: SiteConfig): WorkflowDefinition {
	return {
		name: workflowName('health', config),
		nodes: [
			stickyNote(id(145), HEALTH_NOTE, [0, -260], { width: 900, height: 240 }),
			form(
				146,
				'Health Page',
				'Ghost → Campaign Monitor: is it working?',
				[noYes('Repair delivery paths')],
				0,
			),
			health(
				config,
				147,
				'Health Report',
				{ operation: 'healthReport', repair: "={{ $json['Repair delivery paths'] === 'Yes' }}" },
				[260, 0],
			),
			page(148, 'Health Page Answer', 0),
			form(
				149,
				'Reader Lookup',
				'Why is this reader (not) in Campaign Monitor?',
				[{ fieldLabel: 'Email', fieldType: 'email', requiredField: true }, noYes('Repair now')],
				220,
			),
			health(
				config,
				150,
				'Look Up Reader',
				{
					operation: 'lookUpReader',
					email: '={{ $json.Email }}',
					repairNow: "={{ $json['Repair now'] === 'Yes' }}",
				},
				[260, 220],
			),
			page(151, 'Reader Answer', 220),
			{
				id: id(152),
				name: 'Every Morning',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 440],
				parameters: { rule: { interval: [{ field: 'cronExpression', expression: '0 8 * * *' }] } },
			},
			health(config, 153, 'Daily Report', { operation: 'healthReport', repair: false }, [260, 440]),
			{
				id: id(154),
				name: 'Send the Digest',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [520, 440],
				parameters: {},
				notes:
					'Replace with the notification node you use (Send Email, Gmail, Slack…): the report is {{ $json.html }}, and {{ $json.ok }} is false when a red line needs you.',
			},
		],
		connections: connectionsOf([
			['Health Page', 'Health Report'],
			['Health Report', 'Health Page Answer'],
			['Reader Lookup', 'Look Up Reader'],
			['Look Up Reader', 'Reader Answer'],
			['Every Morning', 'Daily Report'],
			['Daily Report', 'Send the Digest'],
		]),
		settings: {
			executionOrder: 'v1',
			errorWorkflow: config.errorWorkflowId,
			saveDataSuccessExecution: 'none',
			saveManualExecutions: false,
		},
	};
}
