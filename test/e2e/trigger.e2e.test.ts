/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { signGhostPayload } from '../harness/ghostSigning';
import workflow from './workflows/ghost-member-trigger.json';
import { GhostSite } from '../harness/ghost';
import { executionFinished, N8nInstance } from '../harness/n8n';
import { buildAndPack } from '../harness/package';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';

const TRIGGER = 'Ghost Member Trigger';
const WEBHOOK_ID = workflow.nodes[0].webhookId;

describe('Ghost Member Trigger in the real n8n, fed by the real Ghost', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-trigger-'));
	let ghost: GhostSite;
	let n8n: N8nInstance;
	let memberId: string;

	beforeAll(async () => {
		assertPeersInstalled();
		const [tarball, site] = await Promise.all([
			buildAndPack(),
			GhostSite.start(join(workDir, 'ghost')),
		]);
		ghost = site;
		n8n = await N8nInstance.create(join(workDir, 'n8n'), tarball);
		await n8n.importCredentials([
			{
				id: 'ghostE2eCred0001',
				name: 'Ghost E2E',
				type: 'ghostMembersAdminApi',
				data: { url: ghost.url, apiKey: ghost.adminApiKey, acceptVersion: 'v6.0', allowHttp: true },
			},
		]);
		await n8n.importWorkflow(workflow);
		await n8n.publishWorkflow(workflow.id);
		await n8n.start();
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await ghost?.stop();
	});

	const executionsAfter = async (count: number) =>
		await waitFor(`${count} executions`, async () => {
			const executions = await n8n.executions(workflow.id);
			const finished = executions.every(executionFinished);
			return executions.length >= count && finished && executions;
		});

	it('passes n8n’s credential test with the real key and fails it with a wrong one', async () => {
		const test = (apiKey: string) =>
			n8n.rest('POST', '/credentials/test', {
				credentials: {
					id: 'ghostE2eCred0001',
					name: 'Ghost E2E',
					type: 'ghostMembersAdminApi',
					data: { url: ghost.url, apiKey, acceptVersion: 'v6.0', allowHttp: true },
				},
			});
		expect(await test(ghost.adminApiKey)).toMatchObject({ status: 'OK' });
		const [id] = ghost.adminApiKey.split(':');
		expect(await test(`${id}:${'0'.repeat(64)}`)).toMatchObject({ status: 'Error' });
	});

	it('registers one signed webhook per event in Ghost when the workflow is published', async () => {
		const hooks = await waitFor('webhooks in Ghost', async () => {
			const list = await ghost.webhooks();
			return list.length === 3 && list;
		});
		expect(hooks.map((hook) => hook.event).sort()).toEqual([
			'member.added',
			'member.deleted',
			'member.edited',
		]);
		for (const hook of hooks) {
			expect(hook.target_url).toBe(`${n8n.webhookUrl(WEBHOOK_ID)}?event=${hook.event}`);
		}
	});

	it('starts one execution carrying the member when Ghost adds a member', async () => {
		const { members } = await ghost.admin('POST', '/members/', {
			members: [{ email: 'jamie.e2e@example.com', name: 'Jamie', labels: [{ name: 'VIP' }] }],
		});
		memberId = members[0].id;
		const [execution] = await executionsAfter(1);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		const [item] = await n8n.nodeOutput(execution.id, TRIGGER);
		expect(item).toMatchObject({
			event: 'member.added',
			site: 'e2e-site',
			memberId,
			member: { id: memberId, email: 'jamie.e2e@example.com', name: 'Jamie', status: 'free' },
			changedKeys: [],
		});
		const added = (await ghost.webhooks()).find((hook) => hook.event === 'member.added');
		expect(added?.last_triggered_status).toBe('200');
	});

	it('starts an execution with the previous values when the member is edited', async () => {
		await ghost.admin('PUT', `/members/${memberId}/`, {
			members: [{ name: 'Jamie Doe', labels: [{ name: 'VIP' }, { name: 'Press' }] }],
		});
		const executions = await executionsAfter(2);
		const edited = executions[executions.length - 1];
		expect(edited.status).toBe('success');
		const [item] = await n8n.nodeOutput(edited.id, TRIGGER);
		expect(item.event).toBe('member.edited');
		expect(item.member).toMatchObject({ id: memberId, name: 'Jamie Doe' });
		expect(item.previous).toMatchObject({ name: 'Jamie' });
		expect(item.changedKeys).toEqual(expect.arrayContaining(['name', 'labels']));
	});

	it('starts an execution with the member as it was when the member is deleted', async () => {
		await ghost.admin('DELETE', `/members/${memberId}/`);
		const executions = await executionsAfter(3);
		expect(executions.map((execution) => execution.status)).toEqual([
			'success',
			'success',
			'success',
		]);
		const [item] = await n8n.nodeOutput(executions[2].id, TRIGGER);
		expect(item).toMatchObject({
			event: 'member.deleted',
			memberId,
			member: { id: memberId, email: 'jamie.e2e@example.com', name: 'Jamie Doe' },
		});
	});

	it('answers 401 with a reason to a bad signature and starts no execution', async () => {
		const before = (await n8n.executions(workflow.id)).length;
		const body = JSON.stringify({
			event: 'member.added',
			member: {
				current: { id: 'ffffffffffffffffffffffff', email: 'forged@example.com' },
				previous: {},
			},
		});
		const post = (headers: Record<string, string>) =>
			fetch(`${n8n.webhookUrl(WEBHOOK_ID)}?event=member.added`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', ...headers },
				body,
			});

		const forged = await post({
			'X-Ghost-Signature': signGhostPayload(body, 'not-the-secret', Date.now()),
		});
		expect(forged.status).toBe(401);
		expect(await forged.json()).toEqual({
			status: 'rejected',
			reason: 'signature_mismatch',
			message: 'Signature does not match the request body',
		});

		const unsigned = await post({});
		expect(unsigned.status).toBe(401);
		expect(((await unsigned.json()) as { reason: string }).reason).toBe('missing_signature');

		// A real signup after them: once its execution is in, one a refused request started would be too.
		await ghost.admin('POST', '/members/', {
			members: [{ email: 'after.forged@example.com', name: 'After' }],
		});
		const executions = await executionsAfter(before + 1);
		expect(executions).toHaveLength(before + 1);
		const [item] = await n8n.nodeOutput(executions[before].id, TRIGGER);
		expect(item.member).toMatchObject({ email: 'after.forged@example.com' });
	});

	it('removes its webhooks from Ghost when the workflow is deactivated', async () => {
		await n8n.deactivateWorkflow(workflow.id);
		await waitFor(
			'webhooks removed from Ghost',
			async () => (await ghost.webhooks()).length === 0,
			{
				timeoutMs: 30_000,
			},
		);
		expect(await ghost.webhooks()).toEqual([]);
	});
});
