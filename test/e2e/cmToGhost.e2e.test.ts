/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: runs under Jest; never shipped */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEAD_LETTER_TABLE } from '../../nodes/domain/sync/deadLetters';
import { executionFinished } from '../harness/n8n';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { startStack, type Stack } from '../harness/stack';

/**
 * Campaign Monitor → Ghost with the real n8n and the real Ghost: the Campaign Monitor Trigger
 * registers its list webhook with the simulator, which delivers batched events as Campaign
 * Monitor does when a reader clicks "unsubscribe", a mail hard-bounces, or someone forges one.
 */
describe('Campaign Monitor → Ghost: unsubscribes and bounces reach Ghost, safely', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-cm-to-ghost-'));
	const LIST = 'a'.repeat(32);
	let stack: Stack;
	const ghost = () => stack.sites[0].ghost;
	const triggerUrl = () => stack.cmToGhost!.webhookUrl;
	const fromCmId = () => stack.cmToGhost!.workflowId;
	const hooks = () => stack.cm.account.snapshot().lists.find((l) => l.ListID === LIST)!.webhooks;
	const memberByEmail = (email: string) => ghost().memberByEmail(email);
	const signUp = async (email: string) => {
		const { members } = await ghost().admin('POST', '/members/', {
			members: [{ email, name: email.split('@')[0] }],
		});
		await waitFor(`${email} in Campaign Monitor`, async () =>
			stack.subscribers(LIST).some((s) => s.EmailAddress === email && s.State === 'Active'),
		);
		return members[0].id as string;
	};
	type Counts = { siteSync: number; fromCm: number };
	/**
	 * Both workflows' runs over and no Campaign Monitor webhook on its way, on two polls in a row
	 * (n8n saves a trigger's execution just after the trigger answered), and `also` true: the runs
	 * so far, counted.
	 */
	const atRest = async (what: string, also: (now: Counts) => boolean = () => true) => {
		let previous = '';
		return await waitFor(
			what,
			async () => {
				const [siteSync, fromCm] = await Promise.all([
					stack.n8n.executions(stack.sites[0].workflowId),
					stack.n8n.executions(fromCmId()),
				]);
				const now = { siteSync: siteSync.length, fromCm: fromCm.length };
				const quiet =
					stack.cm.webhooksIdle && [...siteSync, ...fromCm].every(executionFinished) && also(now);
				const steady = quiet && JSON.stringify(now) === previous;
				previous = quiet ? JSON.stringify(now) : '';
				return steady && now;
			},
			{ intervalMs: 500 },
		);
	};

	beforeAll(async () => {
		assertPeersInstalled();
		stack = await startStack(workDir, ['A'], () => undefined, { cmToGhost: true });
	}, 900_000);

	afterAll(async () => {
		await stack?.stop();
	});

	it('publishing registers one list webhook for the trigger’s URL', () => {
		expect(hooks()).toEqual([
			expect.objectContaining({
				Url: triggerUrl(),
				Events: ['Deactivate', 'Update'],
				Status: 'Active',
			}),
		]);
	});

	it('an unsubscribe-link click: the member gets no newsletters in Ghost within seconds (p50 over 20)', async () => {
		const emails = Array.from({ length: 20 }, (_, i) => `click${i}@example.com`);
		for (const email of emails) await signUp(email);
		const times: number[] = [];
		for (const email of emails) {
			const clicked = Date.now();
			// The stand-in for the unsubscribe link in a campaign.
			stack.cm.account.setState(LIST, email, 'Unsubscribed');
			await waitFor(
				`${email} unsubscribed in Ghost`,
				async () => (await memberByEmail(email)).subscribed === false,
				{ intervalMs: 50 },
			);
			times.push(Date.now() - clicked);
		}
		times.sort((a, b) => a - b);
		// eslint-disable-next-line no-console -- the figure goes into the closing note
		console.log(
			`Campaign Monitor → Ghost: unsubscribe-link click to Ghost p50 ${times[10]} ms, max ${times[19]} ms (20 clicks)`,
		);
		expect(times[19]).toBeLessThan(30_000);
	});

	it('one unsubscribe makes a bounded number of executions: no ping-pong', async () => {
		const email = 'pingpong@example.com';
		await signUp(email);
		const before = await atRest('the signup synced');
		stack.cm.account.setState(LIST, email, 'Unsubscribed');
		await waitFor(
			'Ghost unsubscribed',
			async () => (await memberByEmail(email)).subscribed === false,
		);
		// Ghost's change runs the site sync, which writes the member back to Campaign Monitor.
		const settled = await atRest(
			'the site sync run after Ghost changed',
			(now) => now.siteSync > before.siteSync,
		);
		const made = {
			siteSync: settled.siteSync - before.siteSync,
			fromCm: settled.fromCm - before.fromCm,
		};
		const fromCmRuns = (await stack.n8n.executions(fromCmId())).slice(before.fromCm);
		const outcomes: string[] = [];
		for (const run of fromCmRuns)
			for (const item of await stack.n8n.nodeOutput(run.id, 'Apply to Ghost'))
				outcomes.push(String(item.outcome));
		// eslint-disable-next-line no-console -- the figure goes into the closing note
		console.log(
			`Campaign Monitor → Ghost: one unsubscribe made ${JSON.stringify(made)} executions; Ghost ${outcomes.join(', ')}`,
		);
		// The loop has ended: only the first run changed Ghost, so no later Ghost change is on its way.
		expect(outcomes[0]).toBe('written');
		expect(outcomes.slice(1).filter((outcome) => outcome === 'written')).toEqual([]);
		expect(made.fromCm).toBeLessThanOrEqual(3);
		expect(made.siteSync).toBeLessThanOrEqual(2);
		expect(stack.subscribers(LIST).find((s) => s.EmailAddress === email)?.State).toBe(
			'Unsubscribed',
		);
	});

	it('a hard bounce: no newsletters and the label "Campaign Monitor: bounced"', async () => {
		const email = 'bounce@example.com';
		await signUp(email);
		const before = await atRest('the signup synced');
		stack.cm.account.setState(LIST, email, 'Bounced');
		const member = await waitFor('the bounce in Ghost', async () => {
			const m = await memberByEmail(email);
			return m.labels.some((l: { name: string }) => l.name === 'Campaign Monitor: bounced') && m;
		});
		expect(member.subscribed).toBe(false);
		// Bounced stays Bounced in Campaign Monitor when the site sync writes the member back.
		await atRest('the site sync run after Ghost changed', (now) => now.siteSync > before.siteSync);
		expect(stack.subscribers(LIST).find((s) => s.EmailAddress === email)?.State).toBe('Bounced');
	});

	it('a forged delivery naming an Active subscriber changes nothing in Ghost; another list’s is refused', async () => {
		const email = 'forged@example.com';
		await signUp(email);
		const forged = (listId: string) =>
			fetch(triggerUrl(), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
				body: JSON.stringify({
					Events: [
						{
							Type: 'Deactivate',
							Date: '2026-11-30 12:00:00',
							EmailAddress: email,
							Name: 'forged',
							State: 'Unsubscribed',
							CustomFields: [],
						},
					],
					ListID: listId,
				}),
			});
		expect((await forged('b'.repeat(32))).status).toBe(401);
		const before = (await stack.n8n.executions(fromCmId())).length;
		expect((await forged(LIST)).status).toBe(200);
		const [execution] = await waitFor('the forged execution', async () => {
			const all = await stack.n8n.executions(fromCmId());
			return all.length > before && all.slice(before).every(executionFinished) && all.slice(before);
		});
		expect(execution.status).toBe('success');
		const [applied] = await stack.n8n.nodeOutput(execution.id, 'Apply to Ghost');
		expect(applied).toMatchObject({ action: 'nothing' });
		expect((await memberByEmail(email)).subscribed).toBe(true);
	});

	it('a failure lands in the dead letters without the address; the replay applies what Campaign Monitor reports then', async () => {
		const email = 'outage@example.com';
		await signUp(email);
		// Campaign Monitor's subscriber reads fail for longer than the node's retries last.
		stack.cm.addFault({ path: '^/subscribers/', method: 'GET', status: 500, times: 100_000 });
		stack.cm.account.setState(LIST, email, 'Unsubscribed');
		const [letter] = await waitFor(
			'the dead letter',
			async () => {
				const rows = (await stack.n8n.dataTableRows(DEAD_LETTER_TABLE)).filter(
					(row) => row.workflowId === fromCmId() && row.status === 'pending',
				);
				return rows.length > 0 && rows;
			},
			{ timeoutMs: 120_000, intervalMs: 1000 },
		);
		expect(letter).toMatchObject({
			event: 'Deactivate',
			site: LIST,
			failedNode: 'Read Subscriber',
		});
		expect(String(letter.emailRef)).toMatch(/\S/);
		expect(JSON.stringify(letter)).not.toContain(email);
		expect((await memberByEmail(email)).subscribed).toBe(true);

		stack.cm.clearFaults();
		const run = await stack.n8n.runManually('ghostCmDlqReplay1', 'Replay Now');
		expect(run.status).toBe('success');
		expect((await memberByEmail(email)).subscribed).toBe(false);
		const after = (await stack.n8n.dataTableRows(DEAD_LETTER_TABLE)).find(
			(row) => row.id === letter.id,
		);
		expect(after?.status).toBe('replayed');
	});

	it('unpublishing removes the Campaign Monitor webhook', async () => {
		await stack.n8n.deactivateWorkflow(fromCmId());
		await waitFor('the webhook gone', async () => hooks().length === 0);
		expect(hooks()).toEqual([]);
	});
});
