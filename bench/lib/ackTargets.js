// What bench:trigger and bench:queue load: n8n's own Webhook node (the anchor) and the Ghost
// Member Trigger in automatic and manual mode, each in a one-node workflow, and distinct signed
// Ghost member.added bodies (the real fixture's shape) for autocannon.
require('../../scripts/register-ts');
const { deliverBurst } = require('../../test/harness/deliveries.ts');
const { waitFor } = require('../../test/harness/processes.ts');
const { deriveWebhookSecret } = require('../../nodes/domain/security/webhookSecret.ts');

const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;
const MANUAL_SECRET = 'bench-manual-secret-typed-in-ghost-admin';

const noOp = (x) => ({
	id: `0000000${x}-0000-4000-8000-000000000002`,
	name: 'Done',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [260, 0],
	parameters: {},
});
const workflows = {
	webhook: {
		id: 'benchWebhookNode1',
		name: 'bench: n8n Webhook node',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '00000001-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b0000000-0000-4000-8000-00000000000a',
				parameters: {
					httpMethod: 'POST',
					path: 'bench-webhook',
					responseMode: 'onReceived',
					options: {},
				},
			},
			noOp(1),
		],
		connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	},
	automatic: {
		id: 'benchGhostAuto01',
		name: 'bench: Ghost Member Trigger (automatic)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '00000002-0000-4000-8000-000000000001',
				name: 'Ghost Member Trigger',
				type: 'n8n-nodes-ghost-campaign-monitor.ghostMemberTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: 'b0000000-0000-4000-8000-00000000000b',
				parameters: {
					webhookSetup: 'automatic',
					events: ['member.added', 'member.edited', 'member.deleted'],
					site: 'bench',
					options: {},
				},
				credentials: { ghostMembersAdminApi: { id: 'benchGhostCred01', name: 'Ghost' } },
			},
			noOp(2),
		],
		connections: { 'Ghost Member Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	},
	manual: {
		id: 'benchGhostManual',
		name: 'bench: Ghost Member Trigger (manual)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '00000003-0000-4000-8000-000000000001',
				name: 'Ghost Member Trigger',
				type: 'n8n-nodes-ghost-campaign-monitor.ghostMemberTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: 'b0000000-0000-4000-8000-00000000000c',
				parameters: {
					webhookSetup: 'manual',
					events: ['member.added', 'member.edited', 'member.deleted'],
					site: 'bench',
					options: {},
				},
				credentials: { ghostWebhookSecretApi: { id: 'benchSecretCred1', name: 'Secret' } },
			},
			noOp(3),
		],
		connections: { 'Ghost Member Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	},
};

let loads = 0;
/**
 * Loads one target with autocannon (test/harness/deliveries.ts): a distinct, freshly signed
 * member.added body per request, Ghost's way. Each load gets its own addresses and member ids,
 * so no request repeats an earlier one.
 */
async function loadTarget(target, { connections, seconds, timeoutSeconds }) {
	loads++;
	return await deliverBurst({
		url: target.url,
		secret: target.secret,
		connections,
		durationSeconds: seconds,
		timeoutSeconds,
		prefix: `bench${loads}-`,
		idPrefix: loads.toString(16).padStart(4, '0'),
	});
}

/** Credentials and the three workflows, imported and published (before n8n starts). */
async function importBenchWorkflows(n8n, ghost) {
	await n8n.importCredentials([
		{
			id: 'benchGhostCred01',
			name: 'Ghost',
			type: 'ghostMembersAdminApi',
			data: { url: ghost.url, apiKey: ADMIN_KEY, allowHttp: true },
		},
		{
			id: 'benchSecretCred1',
			name: 'Secret',
			type: 'ghostWebhookSecretApi',
			data: { secret: MANUAL_SECRET },
		},
	]);
	for (const workflow of Object.values(workflows)) {
		await n8n.importWorkflow(workflow);
		await n8n.publishWorkflow(workflow.id);
	}
}

/** The three targets, with deliveries going to `webhookBase` (the one n8n, or a webhook processor). */
async function benchTargets(n8n, webhookBase) {
	await waitFor('the automatic trigger’s registration', async () => {
		const workflow = await n8n.rest('GET', `/workflows/${workflows.automatic.id}`);
		return workflow.staticData?.['node:Ghost Member Trigger']?.secretFingerprint;
	});
	const autoSecret = deriveWebhookSecret(ADMIN_KEY, workflows.automatic.nodes[0].webhookId);
	const url = (webhookId) => `${webhookBase}/webhook/${webhookId}/webhook`;
	return [
		{
			name: 'n8n Webhook node',
			workflow: workflows.webhook,
			url: `${webhookBase}/webhook/bench-webhook`,
			secret: 'unused',
		},
		{
			name: 'Ghost Member Trigger (automatic)',
			workflow: workflows.automatic,
			url: url(workflows.automatic.nodes[0].webhookId),
			secret: autoSecret,
		},
		{
			name: 'Ghost Member Trigger (manual)',
			workflow: workflows.manual,
			url: url(workflows.manual.nodes[0].webhookId),
			secret: MANUAL_SECRET,
		},
	];
}

/** n8n's own count of a workflow's executions. */
async function executionsOf(n8n, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const data = await n8n.rest('GET', `/executions?filter=${filter}&limit=1`);
	return Number(data.count);
}

module.exports = {
	ADMIN_KEY,
	workflows,
	loadTarget,
	importBenchWorkflows,
	benchTargets,
	executionsOf,
};
