/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, no-console -- end-to-end test: starts the real servers, prints what it measured; never shipped */
/**
 * Is it working, and why is each reader where they are: a site set up by the setup node, its
 * delivery paths broken the way they break in production (Ghost's webhooks deleted, Campaign
 * Monitor's list webhook deactivated) and healed by the next catch-up, and the reader lookup for
 * five readers whose places differ for five reasons.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEAD_LETTER_TABLE } from '../../nodes/domain/sync/deadLetters';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { runPackageNode } from '../harness/setupNode';
import { startSetupStack, type SetupStack } from '../harness/setupStack';

describe('Health: delivery paths that heal themselves, and the reader lookup', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-health-'));
	let stack: SetupStack;
	const made: Record<string, string> = {};
	const site = () => stack.sites[0];
	const signUp = async (email: string) =>
		(
			await site().ghost.admin('POST', '/members/', {
				members: [{ email, name: email.split('@')[0] }],
			})
		).members[0];
	const inList = (email: string) => stack.subscriber(site().listId, email);
	const catchUp = async () => await stack.n8n.runManually(made.catchUp, 'Run Now');
	const lookUp = async (email: string, repairNow = false) => {
		const run = await runPackageNode(stack.n8n, {
			name: 'Look Up Reader',
			type: 'ghostCmHealth',
			parameters: { operation: 'lookUpReader', email, repairNow },
			credentials: {
				ghostMembersAdminApi: site().credential,
				campaignMonitorApi: stack.credentials.cm,
				ghostCmN8nApi: stack.credentials.api,
			},
		});
		expect(run.error).toBeUndefined();
		return run.items[0];
	};

	beforeAll(async () => {
		assertPeersInstalled();
		stack = await startSetupStack(workDir, ['A']);
		const setUp = await stack.setUp('A', 'setUp');
		expect(setUp.error).toBeUndefined();
		for (const row of setUp.items) if (row.id) made[row.kind] = row.id;
	}, 600_000);

	afterAll(async () => await stack?.stop());

	afterEach(() => stack?.cm.clearFaults());

	it('Ghost’s webhooks deleted in Ghost: the next catch-up registers them again, one of each, repairs the signup missed, and its alert names the repair; the next signup arrives live', async () => {
		const before = await site().ghost.webhooks();
		expect(before).toHaveLength(3);
		const deleted = Date.now();
		for (const hook of before) await site().ghost.admin('DELETE', `/webhooks/${hook.id}/`);
		await signUp('missed@example.com');

		const run = await catchUp();
		const returned = Date.now();
		console.log(
			`a deleted Ghost webhook back in ${((returned - deleted) / 1000).toFixed(1)} s (one catch-up run)`,
		);
		expect(run.status).toBe('error');
		const alert = (await stack.n8n.executionError(run.id))?.message ?? '';
		for (const event of ['member.added', 'member.edited', 'member.deleted'])
			expect(alert).toContain(`Ghost had no ${event} webhook for this site`);
		expect(alert).toContain('registered it again');
		expect(inList('missed@example.com')?.State).toBe('Active');
		const after = await site().ghost.webhooks();
		expect(after.map((hook) => hook.event).sort()).toEqual([
			'member.added',
			'member.deleted',
			'member.edited',
		]);
		expect(after.every((hook) => hook.target_url.includes('/webhook/'))).toBe(true);

		await signUp('live.again@example.com');
		await waitFor(
			'a signup live again',
			async () => inList('live.again@example.com')?.State === 'Active',
			{
				timeoutMs: 30_000,
			},
		);
		// Nothing left to repair: the next catch-up passes.
		expect((await catchUp()).status).toBe('success');
	});

	it('Campaign Monitor’s list webhook deactivated (as after days of failed deliveries): the next catch-up turns it back on, and an unsubscribe in Campaign Monitor reaches Ghost again', async () => {
		const [hook] = stack.cm.account
			.snapshot()
			.lists.find((l) => l.ListID === site().listId)!.webhooks;
		const auth = `Basic ${Buffer.from('sim-api-key:x').toString('base64')}`;
		const deactivate = await fetch(
			`${stack.cm.url}/lists/${site().listId}/webhooks/${hook.WebhookID}/deactivate.json`,
			{ method: 'PUT', headers: { Authorization: auth } },
		);
		expect(deactivate.ok).toBe(true);
		const run = await catchUp();
		expect(run.status).toBe('error');
		expect((await stack.n8n.executionError(run.id))?.message).toContain(
			"Campaign Monitor had deactivated the list's webhook",
		);
		expect(
			stack.cm.account.snapshot().lists.find((l) => l.ListID === site().listId)!.webhooks[0].Status,
		).toBe('Active');
		stack.cm.account.setState(site().listId, 'missed@example.com', 'Unsubscribed');
		await waitFor('Ghost to follow the unsubscribe', async () => {
			const member = await site().ghost.memberByEmail('missed@example.com');
			return member?.newsletters?.length === 0;
		});
	});

	it('the lookup says where five readers are and why; Repair now on the one whose signup sits in the dead letters makes them Active, once', async () => {
		await signUp('active@example.com');
		const optedOut = await signUp('opted.out@example.com');
		const spam = await signUp('spam@example.com');
		await waitFor(
			'both live-synced',
			async () => !!inList('active@example.com') && !!inList('spam@example.com'),
		);
		await site().ghost.admin('PUT', `/members/${optedOut.id}/`, { members: [{ newsletters: [] }] });
		await site().ghost.suppressInDatabase(spam.id, 'spam');
		await site().ghost.admin('PUT', `/members/${spam.id}/`, {
			members: [{ name: 'Spam Reporter' }],
		});
		await waitFor(
			'the opt-out and the suppression written',
			async () =>
				inList('opted.out@example.com')?.State === 'Unsubscribed' &&
				inList('spam@example.com')?.State === 'Unsubscribed',
		);
		stack.cm.addFault({ path: '^/subscribers/', status: 500, times: 100_000 });
		const deadLettered = await signUp('dead.letter@example.com');
		await waitFor(
			'its dead letter',
			async () =>
				(await stack.n8n.dataTableRows(DEAD_LETTER_TABLE)).some(
					(row) => row.status === 'pending' && row.memberId === deadLettered.id,
				),
			{ timeoutMs: 120_000, intervalMs: 1000 },
		);
		stack.cm.clearFaults();

		const answers: Record<string, any> = {};
		for (const email of [
			'active@example.com',
			'opted.out@example.com',
			'spam@example.com',
			'dead.letter@example.com',
			'nobody@example.com',
		])
			answers[email] = await lookUp(email);
		console.log(
			Object.entries(answers)
				.map(
					([email, a]) =>
						`${email}: should be ${a.expected} (${a.reason}); Campaign Monitor: ${a.campaignMonitor.found ? a.campaignMonitor.state : 'not in the list'}; dead letters ${a.deadLettersPending}; ${a.inStep ? 'in step' : `a sync would ${a.decision}`}`,
				)
				.join('\n'),
		);
		expect(answers['active@example.com']).toMatchObject({
			expected: 'Active',
			inStep: true,
			campaignMonitor: { found: true, state: 'Active' },
			ghost: { found: true, subscribed: true },
		});
		expect(answers['opted.out@example.com']).toMatchObject({
			expected: 'Unsubscribed',
			reason: expect.stringMatching(/gets no newsletter in Ghost/),
			inStep: true,
			campaignMonitor: { state: 'Unsubscribed' },
		});
		expect(answers['spam@example.com']).toMatchObject({
			expected: 'Unsubscribed',
			reason: expect.stringMatching(/spam complaint/),
			ghost: { suppressed: 'spam' },
			campaignMonitor: { state: 'Unsubscribed', fields: { ghost_email_suppressed: 'spam' } },
			inStep: true,
		});
		expect(answers['dead.letter@example.com']).toMatchObject({
			expected: 'Active',
			inStep: false,
			decision: 'add',
			campaignMonitor: { found: false },
			deadLettersPending: 1,
		});
		expect(answers['nobody@example.com']).toMatchObject({
			expected: 'not in the list',
			ghost: { found: false },
			campaignMonitor: { found: false },
			inStep: true,
		});
		expect(JSON.stringify(answers)).not.toMatch(/sim-api-key/);

		const repaired = await lookUp('dead.letter@example.com', true);
		expect(repaired).toMatchObject({
			repaired: 'repaired: add; 1 dead letter(s) for them settled (superseded)',
			inStep: true,
			campaignMonitor: { state: 'Active' },
			deadLettersPending: 0,
		});
		// Settled as a replay settles it: the replay will not write the reader again.
		expect(
			(await stack.n8n.dataTableRows(DEAD_LETTER_TABLE))
				.filter((row) => row.memberId === deadLettered.id)
				.map((row) => row.status),
		).toEqual(['superseded']);
		expect(
			stack.cm.account
				.snapshot()
				.lists.find((l) => l.ListID === site().listId)!
				.subscribers.filter((s) => s.EmailAddress === 'dead.letter@example.com'),
		).toHaveLength(1);
		expect((await lookUp('dead.letter@example.com', true)).repaired).toMatch(/nothing to repair/);
	});
});
