/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: runs under Jest; never shipped */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hashEmail, keyedEmailRef } from '../../nodes/domain/security/redact';
import { secretFingerprint } from '../../nodes/domain/security/webhookSecret';
import type { SimSubscriber } from '../cm-simulator/server';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { deliverAsGhost } from '../harness/deliveries';
import { fullSyncWorkflow, startStack, CM_CLIENT_ID, type Stack } from '../harness/stack';
import { catchUpWorkflow, node } from '../harness/workflows';
import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';

const today = () => new Date().toISOString().slice(0, 10);

describe('Per-site sync, dead letters and replay: real n8n, real Ghost, Campaign Monitor simulator', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-sync-'));
	let stack: Stack;
	let memberId: string;
	const siteA = () => stack.sites[0].ghost;
	const siteB = () => stack.sites[1].ghost;
	const LIST_A = 'a'.repeat(32);
	const LIST_B = 'b'.repeat(32);

	const subscribersOf = (listId: string): SimSubscriber[] => stack.subscribers(listId);
	const field = (subscriber: SimSubscriber | undefined, key: string) =>
		subscriber?.CustomFields.filter((f) => f.Key === key).map((f) => f.Value)[0];
	const waitForSubscriber = (
		listId: string,
		what: string,
		check: (s: SimSubscriber[]) => SimSubscriber | false | undefined,
	) => waitFor(what, async () => check(subscribersOf(listId)), { timeoutMs: 60_000 });

	beforeAll(async () => {
		assertPeersInstalled();
		// Campaign Monitor queues a single add: reads right after one answer the state before it.
		stack = await startStack(workDir, ['A', 'B'], undefined, { cmQueuedAddMs: 1500 });
	}, 900_000);

	afterAll(async () => {
		const stale = stack?.cm.staleReads;
		// eslint-disable-next-line no-console -- how often the queued-add window was met
		console.log(`Campaign Monitor reads answered from before a queued add: ${stale}`);
		await stack?.stop();
	});

	// A test that fails before it clears its faults must not fail the ones after it.
	afterEach(() => stack?.cm.clearFaults());

	it('passes n8n’s credential test for Campaign Monitor with the key, fails it with a wrong key or a metadata address', async () => {
		const test = (data: Record<string, unknown>) =>
			stack.n8n.rest('POST', '/credentials/test', {
				credentials: {
					id: 'cmSimulatorCred1',
					name: 'Campaign Monitor (simulator)',
					type: 'campaignMonitorApi',
					data: { baseUrl: stack.cm.url, allowHttp: true, ...data },
				},
			});
		expect(await test({ apiKey: 'sim-api-key' })).toMatchObject({ status: 'OK' });
		expect(await test({ apiKey: 'not-the-key' })).toMatchObject({ status: 'Error' });
		const refused = await test({
			apiKey: 'sim-api-key',
			baseUrl: 'http://169.254.169.254/latest/meta-data',
		});
		expect(refused.status).toBe('Error');
		expect(refused.message).not.toContain('sim-api-key');
	});

	it('a new member becomes an Active subscriber with the mapped fields', async () => {
		const { members } = await siteA().admin('POST', '/members/', {
			members: [{ email: 'jamie.sync@example.com', name: 'Jamie', labels: [{ name: 'VIP' }] }],
		});
		memberId = members[0].id;
		const subscriber = await waitForSubscriber(LIST_A, 'the new subscriber', (list) =>
			list.find((s) => s.EmailAddress === 'jamie.sync@example.com'),
		);
		expect(subscriber).toMatchObject({ Name: 'Jamie', State: 'Active' });
		expect(field(subscriber, 'ghost_status')).toBe('free');
		expect(field(subscriber, 'ghost_signup_date')).toBe(today());
		expect(field(subscriber, 'ghost_last_updated')).toBe(today());
		expect(field(subscriber, 'ghost_email_enabled')).toBe('true');
		expect(field(subscriber, 'ghost_previous_status')).toBeUndefined();
		// Engagement as Ghost has it for a new member; the signup as Ghost recorded it (the
		// harness creates members as the integration "n8n sync" does), read with the write.
		expect(field(subscriber, 'ghost_emails_received')).toBe('0');
		expect(field(subscriber, 'ghost_open_rate')).toBeUndefined();
		expect(field(subscriber, 'ghost_last_seen')).toBeUndefined();
		expect(field(subscriber, 'ghost_signup_source')).toBe('Integration: n8n sync');
		expect(field(subscriber, 'ghost_signup_medium')).toBe('Admin API');
	});

	it('a name and label change updates the subscriber', async () => {
		await siteA().admin('PUT', `/members/${memberId}/`, {
			members: [{ name: 'Jamie Doe', labels: [{ name: 'VIP' }, { name: 'Press' }] }],
		});
		const subscriber = await waitForSubscriber(LIST_A, 'the new name', (list) =>
			list.find((s) => s.Name === 'Jamie Doe'),
		);
		expect(field(subscriber, 'ghost_labels')).toBe('VIP, Press');
	});

	it('a comped status sets ghost_previous_status and ghost_status_changed_at', async () => {
		// Ghost comps only with Stripe connected: the comp is written as Ghost's model writes it,
		// and its member.edited (previous.status free) delivered as Ghost delivers it.
		const site = stack.sites[0];
		await deliverAsGhost(
			site,
			site.webhookSecret,
			'member.edited',
			await site.ghost.compInDatabase(memberId),
		);
		const subscriber = await waitForSubscriber(LIST_A, 'the comped status', (list) =>
			list.find((s) =>
				s.CustomFields.some((f) => f.Key === 'ghost_status' && f.Value === 'comped'),
			),
		);
		expect(field(subscriber, 'ghost_previous_status')).toBe('free');
		expect(field(subscriber, 'ghost_status_changed_at')).toBe(today());
	});

	it('an email change renames the same subscriber, no duplicate', async () => {
		await siteA().admin('PUT', `/members/${memberId}/`, {
			members: [{ email: 'jamie.new@example.com' }],
		});
		await waitForSubscriber(LIST_A, 'the renamed subscriber', (list) =>
			list.find((s) => s.EmailAddress === 'jamie.new@example.com'),
		);
		const list = subscribersOf(LIST_A);
		expect(list.map((s) => s.EmailAddress)).toEqual(['jamie.new@example.com']);
		expect(list[0]).toMatchObject({ Name: 'Jamie Doe', State: 'Active' });
		expect(field(list[0], 'ghost_status')).toBe('comped');
	});

	it('a deleted member is unsubscribed', async () => {
		await siteA().admin('DELETE', `/members/${memberId}/`);
		const subscriber = await waitForSubscriber(LIST_A, 'the unsubscribe', (list) =>
			list.find((s) => s.State === 'Unsubscribed'),
		);
		expect(subscriber.EmailAddress).toBe('jamie.new@example.com');
	});

	it('a member Ghost suppresses (spam complaint), then edited: Unsubscribed within seconds, with the reason', async () => {
		const email = 'spam.reporter@example.com';
		const { members } = await siteA().admin('POST', '/members/', {
			members: [{ email, name: 'Sam' }],
		});
		await waitForSubscriber(LIST_A, 'the signup', (list) =>
			list.find((s) => s.EmailAddress === email && s.State === 'Active'),
		);
		await siteA().suppressInDatabase(members[0].id, 'spam');
		// The member keeps its newsletters in Ghost; the edit's webhook says nothing of the suppression.
		await siteA().admin('PUT', `/members/${members[0].id}/`, { members: [{ name: 'Sam Spade' }] });
		const subscriber = await waitForSubscriber(
			LIST_A,
			'the suppressed member unsubscribed',
			(list) => list.find((s) => s.EmailAddress === email && s.State === 'Unsubscribed'),
		);
		expect(field(subscriber, 'ghost_email_suppressed')).toBe('spam');
		expect(field(subscriber, 'ghost_email_enabled')).toBe('false');
		const { members: inGhost } = await siteA().admin('GET', `/members/${members[0].id}/`);
		expect(inGhost[0].email_suppression.suppressed).toBe(true);
		expect(inGhost[0].newsletters.length).toBeGreaterThan(0);
	});

	it('a failed sync lands in the dead-letter table, and the replay workflow repairs it', async () => {
		stack.cm.addFault({ path: '^/subscribers/', status: 500, times: 1000 });
		const { members } = await siteA().admin('POST', '/members/', {
			members: [{ email: 'robin.dlq@example.com', name: 'Robin' }],
		});
		const [letter] = await waitFor(
			'a dead letter',
			async () => {
				const rows = await stack.n8n.dataTableRows('ghost_cm_dead_letters');
				return rows.length > 0 && rows;
			},
			{ timeoutMs: 120_000 },
		);
		const webhookSecret = stack.sites[0].webhookSecret;
		expect(letter).toMatchObject({
			status: 'pending',
			site: 'site-a',
			event: 'member.added',
			memberId: members[0].id,
			// Keyed with this n8n's webhook secret: a list of guessed addresses cannot reverse it.
			emailRef: keyedEmailRef('robin.dlq@example.com', webhookSecret),
			workflowId: stack.sites[0].workflowId,
			// A failed write fails where n8n's Retry reads Ghost again (docs/operations.md).
			failedNode: 'Member Status Diff',
		});
		expect(letter.emailRef).not.toBe(hashEmail('robin.dlq@example.com'));
		// The dead-letter workflow keeps none of its own execution data (which held the failed run).
		expect(await stack.n8n.executions('ghostCmDeadLetter')).toEqual([]);
		expect(letter.error).toMatch(
			/^Campaign Monitor did not take the write \(3 rounds, each from a new Ghost read\): Campaign Monitor: Internal Server Error \(code 500\)/,
		);
		expect(JSON.stringify(letter)).not.toContain('robin.dlq@example.com');
		expect(subscribersOf(LIST_A).some((s) => s.EmailAddress === 'robin.dlq@example.com')).toBe(
			false,
		);

		stack.cm.clearFaults();
		const replay = await stack.n8n.runManually('ghostCmDlqReplay1', 'Replay Now');
		expect(replay.status).toBe('success');
		const robin = await waitForSubscriber(LIST_A, 'the replayed subscriber', (list) =>
			list.find((s) => s.EmailAddress === 'robin.dlq@example.com'),
		);
		expect(robin).toMatchObject({ Name: 'Robin', State: 'Active' });
		const [replayed] = await stack.n8n.dataTableRows('ghost_cm_dead_letters');
		expect(replayed).toMatchObject({ status: 'replayed' });
		expect(replayed.replayExecutionId).toMatch(/^\d+$/);
	});

	it('two Ghost sites stay isolated: own secret, own list, own state', async () => {
		// Both are ghost-to-campaign-monitor.json imported as it ships, each published: each has
		// its own URL in its own Ghost.
		const urls = await Promise.all(
			stack.sites.map(async (site) => (await site.ghost.webhooks()).map((h) => h.target_url)),
		);
		expect(urls[0]).toHaveLength(3);
		expect(urls[1]).toHaveLength(3);
		expect(urls[0].filter((url) => urls[1].includes(url))).toEqual([]);
		for (const site of stack.sites)
			expect((await stack.n8n.rest('GET', `/workflows/${site.workflowId}`)).active).toBe(true);
		await siteB().admin('POST', '/members/', {
			members: [{ email: 'sam.b@example.com', name: 'Sam' }],
		});
		await waitForSubscriber(LIST_B, 'site B subscriber', (list) =>
			list.find((s) => s.EmailAddress === 'sam.b@example.com'),
		);
		expect(subscribersOf(LIST_A).some((s) => s.EmailAddress === 'sam.b@example.com')).toBe(false);
		expect(subscribersOf(LIST_B).map((s) => s.EmailAddress)).toEqual(['sam.b@example.com']);
		// Each site's webhooks are signed with its own secret; n8n stores only a fingerprint of it.
		const fingerprints = await Promise.all(
			[stack.sites[0].workflowId, stack.sites[1].workflowId].map(async (id) => {
				const workflow = await stack.n8n.rest('GET', `/workflows/${id}`);
				expect(JSON.stringify(workflow.staticData ?? {})).not.toMatch(/[0-9a-f]{64}/);
				return workflow.staticData?.['node:Ghost Member Trigger']?.secretFingerprint;
			}),
		);
		expect(fingerprints).toEqual(stack.sites.map((site) => secretFingerprint(site.webhookSecret)));
		expect(fingerprints[0]).not.toBe(fingerprints[1]);
	});

	it('the list rule with the real Ghost: opt out of every newsletter, opt back in, delete and sign up again; ghost_email_enabled always agrees with the state', async () => {
		const email = 'nina.news@example.com';
		// The state and the segment field together, as a publisher reads them in Campaign Monitor.
		const landed = async (what: string, wanted: string, enabled: string) => {
			const found = await waitForSubscriber(LIST_A, what, (list) =>
				list.find(
					(s) =>
						s.EmailAddress === email &&
						s.State === wanted &&
						field(s, 'ghost_email_enabled') === enabled,
				),
			);
			return [found.State, field(found, 'ghost_email_enabled')];
		};
		const { members } = await siteA().admin('POST', '/members/', {
			members: [{ email, name: 'Nina' }],
		});
		expect(await landed('the new subscriber', 'Active', 'true')).toEqual(['Active', 'true']);

		await siteA().admin('PUT', `/members/${members[0].id}/`, { members: [{ newsletters: [] }] });
		expect(await landed('the opt-out', 'Unsubscribed', 'false')).toEqual(['Unsubscribed', 'false']);

		const { newsletters } = await siteA().admin('GET', '/newsletters/?filter=status:active');
		await siteA().admin('PUT', `/members/${members[0].id}/`, {
			members: [{ newsletters: [{ id: newsletters[0].id }] }],
		});
		expect(await landed('the opt-in', 'Active', 'true')).toEqual(['Active', 'true']);

		await siteA().admin('DELETE', `/members/${members[0].id}/`);
		expect(await landed('the deletion', 'Unsubscribed', 'false')).toEqual([
			'Unsubscribed',
			'false',
		]);
		await siteA().admin('POST', '/members/', { members: [{ email, name: 'Nina' }] });
		expect(await landed('the new signup', 'Active', 'true')).toEqual(['Active', 'true']);
		expect(subscribersOf(LIST_A).filter((s) => s.EmailAddress === email)).toHaveLength(1);
	});

	it('catch-up after n8n was down: Campaign Monitor made right, repairs counted, the alert raised', async () => {
		const ghost = siteA();
		const {
			members: [kept],
		} = await ghost.admin('POST', '/members/', {
			members: [{ email: 'kit.catchup@example.com', name: 'Kit' }],
		});
		const {
			members: [leaving],
		} = await ghost.admin('POST', '/members/', {
			members: [{ email: 'lee.catchup@example.com', name: 'Lee' }],
		});
		await waitForSubscriber(
			LIST_A,
			'both live-synced',
			(list) =>
				list.filter((s) => s.EmailAddress.endsWith('.catchup@example.com')).length === 2 && list[0],
		);

		// n8n down: Ghost's deliveries fail and Ghost never retries them.
		await stack.n8n.stop();
		await ghost.admin('POST', '/members/', {
			members: [{ email: 'max.catchup@example.com', name: 'Max' }],
		});
		await ghost.admin('PUT', `/members/${kept.id}/`, { members: [{ name: 'Kit Renamed' }] });
		await ghost.admin('PUT', `/members/${leaving.id}/`, { members: [{ newsletters: [] }] });
		await stack.n8n.start();
		expect(subscribersOf(LIST_A).some((s) => s.EmailAddress === 'max.catchup@example.com')).toBe(
			false,
		);

		const workflow = catchUpWorkflow({ key: 'A', listId: LIST_A });
		// Alert above 2 repairs here (5 in the bundled workflow), so this run also shows the alert.
		node(workflow, 'Check Delivery Paths').parameters.missedThreshold = 2;
		await stack.n8n.importWorkflow(workflow);
		const execution = await stack.n8n.runManually(workflow.id, 'Run Now');

		const [summary] = await stack.n8n.nodeOutput(execution.id, 'Catch Up');
		expect(summary).toMatchObject({
			scope: 'changed',
			repaired: 3,
			plan: { add: 1, update: 1, unsubscribe: 1 },
		});
		const get = (email: string) => subscribersOf(LIST_A).find((s) => s.EmailAddress === email);
		expect(get('max.catchup@example.com')).toMatchObject({ State: 'Active', Name: 'Max' });
		expect(get('kit.catchup@example.com')).toMatchObject({ State: 'Active', Name: 'Kit Renamed' });
		expect(get('lee.catchup@example.com')?.State).toBe('Unsubscribed');
		// More repairs than the threshold: the run fails on purpose, so the error workflow sees it.
		expect(execution.status).toBe('error');
		const full = await stack.n8n.rest('GET', `/executions/${execution.id}`);
		expect(JSON.stringify(full.data)).toContain('Catch-up repaired 3 members the live sync missed');
	});

	describe("paid-member lifecycle (Stripe rows written as Stripe's webhooks leave them)", () => {
		const email = 'tina.trial@example.com';
		let tinaId = '';
		const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
		const day = (iso: string) => iso.slice(0, 10);
		const tina = () => subscribersOf(LIST_A).find((s) => s.EmailAddress === email);
		const lifecycleOf = (s: SimSubscriber | undefined) =>
			Object.fromEntries(
				[
					'ghost_status',
					'ghost_subscription_status',
					'ghost_plan_interval',
					'ghost_cancels_at_period_end',
					'ghost_period_end',
					'ghost_trial_end',
				].map((key) => [key, field(s, key)]),
			);

		it('an edit to a trialing member: the lifecycle fields within seconds, from the Admin API read', async () => {
			const { members } = await siteA().admin('POST', '/members/', {
				members: [{ email, name: 'Tina' }],
			});
			tinaId = members[0].id;
			await waitForSubscriber(LIST_A, 'the free signup', (list) =>
				list.find((s) => s.EmailAddress === email),
			);
			const trialEnd = inDays(10);
			await siteA().writeStripeSubscription(tinaId, {
				status: 'trialing',
				interval: 'month',
				startDate: inDays(-4),
				currentPeriodEnd: trialEnd,
				trialEndAt: trialEnd,
			});
			// The webhook carries `subscriptions: []`; the sync reads them from Ghost.
			await siteA().admin('PUT', `/members/${tinaId}/`, { members: [{ note: 'trial' }] });
			const landed = await waitForSubscriber(LIST_A, 'the trial', (list) =>
				list.find(
					(s) => s.EmailAddress === email && field(s, 'ghost_subscription_status') === 'trialing',
				),
			);
			expect(lifecycleOf(landed)).toEqual({
				ghost_status: 'paid',
				ghost_subscription_status: 'trialing',
				ghost_plan_interval: 'month',
				ghost_cancels_at_period_end: 'false',
				ghost_period_end: day(trialEnd),
				ghost_trial_end: day(trialEnd),
			});
			// The next test changes Ghost behind the sync's back: this run's check must be over.
			await stack.n8n.executionsEnded(stack.sites[0].workflowId, 'the trial’s sync runs to end');
		});

		it('a failed payment (no webhook) reaches Campaign Monitor with the catch-up, not counted as a missed delivery', async () => {
			await siteA().writeStripeSubscription(tinaId, {
				status: 'past_due',
				interval: 'month',
				startDate: inDays(-40),
				currentPeriodEnd: inDays(-2),
			});
			const workflow = catchUpWorkflow({ key: 'A', listId: LIST_A });
			await stack.n8n.importWorkflow(workflow);
			const execution = await stack.n8n.runManually(workflow.id, 'Run Now');
			const [summary] = await stack.n8n.nodeOutput(execution.id, 'Catch Up');
			expect(summary).toMatchObject({ lifecycleRepaired: 1, repaired: 0 });
			expect(execution.status).toBe('success');
			expect(field(tina(), 'ghost_subscription_status')).toBe('past_due');
			expect(field(tina(), 'ghost_trial_end')).toBeUndefined();
		});

		it('a renewal (no webhook) reaches Campaign Monitor with the full sync', async () => {
			const renewedUntil = inDays(365);
			await siteA().writeStripeSubscription(tinaId, {
				status: 'active',
				interval: 'year',
				startDate: inDays(-40),
				currentPeriodEnd: renewedUntil,
			});
			const workflow = fullSyncWorkflow({ key: 'A', listId: LIST_A }, false);
			workflow.id = 'ghostCmFullSyncA1';
			await stack.n8n.importWorkflow(workflow);
			const execution = await stack.n8n.runManually(workflow.id, 'Run Now');
			expect(execution.status).toBe('success');
			expect(lifecycleOf(tina())).toMatchObject({
				ghost_subscription_status: 'active',
				ghost_plan_interval: 'year',
				ghost_period_end: day(renewedUntil),
			});
		});

		it('open rates, email counts, last seen and signups (no webhook for any) reach Campaign Monitor with the full sync; the next one writes nothing', async () => {
			const ghost = siteA();
			const reader = {
				id: '6b0de0000000000000000f01',
				email: 'rhea.reader@example.com',
				name: 'Rhea',
			};
			await ghost.insertMembersInDatabase([reader]);
			await ghost.engagementInDatabase(reader.id, {
				emailCount: 24,
				openedCount: 6,
				openRate: 25,
				lastSeenAt: '2026-09-01T08:00:00.000Z',
				signup: { source: 'Twitter', medium: 'social', path: '/how-we-report/' },
			});
			await ghost.engagementInDatabase(tinaId, {
				emailCount: 12,
				openedCount: 9,
				openRate: 75,
				lastSeenAt: '2026-11-30T21:15:00.000Z',
			});
			const workflow = fullSyncWorkflow({ key: 'A', listId: LIST_A }, false);
			workflow.id = 'ghostCmFullSyncA2';
			await stack.n8n.importWorkflow(workflow);
			const first = await stack.n8n.runManually(workflow.id, 'Run Now');
			expect(first.status).toBe('success');
			const tinaNow = tina();
			const rhea = subscribersOf(LIST_A).find((s) => s.EmailAddress === reader.email);
			const engagement = (s: SimSubscriber | undefined) =>
				Object.fromEntries(
					[
						'ghost_open_rate',
						'ghost_emails_received',
						'ghost_emails_opened',
						'ghost_last_seen',
						'ghost_signup_source',
						'ghost_signup_medium',
						'ghost_signup_page',
					].map((key) => [key, field(s, key)]),
				);
			expect(engagement(rhea)).toEqual({
				ghost_open_rate: '25',
				ghost_emails_received: '24',
				ghost_emails_opened: '6',
				ghost_last_seen: '2026-09-01',
				ghost_signup_source: 'Twitter',
				ghost_signup_medium: 'social',
				ghost_signup_page: '/how-we-report/',
			});
			// Tina's signup came with her live write and is not read again.
			expect(engagement(tinaNow)).toEqual({
				ghost_open_rate: '75',
				ghost_emails_received: '12',
				ghost_emails_opened: '9',
				ghost_last_seen: '2026-11-30',
				ghost_signup_source: 'Integration: n8n sync',
				ghost_signup_medium: 'Admin API',
				ghost_signup_page: undefined,
			});
			const second = await stack.n8n.runManually(workflow.id, 'Run Now');
			const [summary] = await stack.n8n.nodeOutput(second.id, 'Member Full Sync');
			expect(summary).toMatchObject({
				plan: { add: 0, update: 0, unsubscribe: 0 },
				applied: { imported: 0, unsubscribed: 0 },
			});

			// The live write carries them too: an open rate Ghost no longer has is cleared, not 0 %.
			await ghost.engagementInDatabase(tinaId, {
				emailCount: 13,
				openedCount: 9,
				openRate: null,
				lastSeenAt: '2026-11-30T21:15:00.000Z',
			});
			await ghost.admin('PUT', `/members/${tinaId}/`, { members: [{ name: 'Tina Reads' }] });
			const edited = await waitForSubscriber(LIST_A, 'the edit', (list) =>
				list.find((s) => s.EmailAddress === email && s.Name === 'Tina Reads'),
			);
			expect(field(edited, 'ghost_emails_received')).toBe('13');
			expect(field(edited, 'ghost_open_rate')).toBeUndefined();
			expect(field(edited, 'ghost_signup_source')).toBe('Integration: n8n sync');
		});
	});

	describe('full sync (the safety net for what Ghost sends no webhooks for)', () => {
		const LIST_F = 'f'.repeat(32);
		const cmPost = (path: string, body: unknown) =>
			fetch(`${stack.cm.url}${path}`, {
				method: 'POST',
				headers: {
					Authorization: `Basic ${Buffer.from('sim-api-key:x').toString('base64')}`,
					'Content-Type': 'application/json',
				},
				body: JSON.stringify(body),
			});
		const fullSync = (id: string, dryRun: boolean) => {
			const workflow = fullSyncWorkflow({ key: 'B', listId: LIST_F }, dryRun);
			workflow.id = id;
			return workflow;
		};
		const summaryOf = async (execution: { id: string }) =>
			(await stack.n8n.nodeOutput(execution.id, 'Member Full Sync'))[0];

		beforeAll(async () => {
			stack.cm.account.addList(CM_CLIENT_ID, { ListID: LIST_F, Title: 'Full sync list' });
			for (const spec of ENSURED_GHOST_FIELDS) stack.cm.account.createCustomField(LIST_F, spec);
			await stack.n8n.importWorkflow(fullSync('ghostCmFullSyncDry', true));
			await stack.n8n.importWorkflow(fullSync('ghostCmFullSyncRun', false));

			const ghost = siteB();
			const add = async (email: string, extra: Record<string, unknown> = {}) =>
				(
					await ghost.admin('POST', '/members/', {
						members: [{ email, name: email.split('@')[0], ...extra }],
					})
				).members[0];
			await add('fs.one@example.com');
			await add('fs.two@example.com');
			await add('fs.off@example.com', { newsletters: [] });
			const gone = await add('fs.gone@example.com');
			// A bulk action: Ghost sends no webhook for it.
			await ghost.admin('DELETE', `/members/?filter=${encodeURIComponent(`id:'${gone.id}'`)}`);

			await cmPost(`/subscribers/${LIST_F}.json`, {
				EmailAddress: 'fs.gone@example.com',
				Name: 'fs.gone',
				ConsentToTrack: 'Yes',
				CustomFields: [{ Key: 'ghost_status', Value: 'free' }],
			});
			await cmPost(`/subscribers/${LIST_F}.json`, {
				EmailAddress: 'fs.one@example.com',
				Name: 'fs.one',
				ConsentToTrack: 'Yes',
				CustomFields: [{ Key: 'ghost_status', Value: 'paid' }],
			});
			await cmPost(`/subscribers/${LIST_F}.json`, {
				EmailAddress: 'sam.b@example.com',
				Name: 'Sam',
				ConsentToTrack: 'Yes',
				CustomFields: [{ Key: 'ghost_status', Value: 'free' }],
			});
			stack.cm.account.setState(LIST_F, 'sam.b@example.com', 'Unsubscribed');
			await cmPost(`/subscribers/${LIST_F}.json`, {
				EmailAddress: 'orphan@example.com',
				Name: 'Orphan',
				ConsentToTrack: 'Yes',
				CustomFields: [],
			});
		});

		it('dry run reports the right plan and changes nothing', async () => {
			const before = JSON.stringify(stack.subscribers(LIST_F));
			const execution = await stack.n8n.runManually('ghostCmFullSyncDry', 'Run Now');
			expect(execution.status).toBe('success');
			expect(await summaryOf(execution)).toMatchObject({
				dryRun: true,
				ghostMembers: 4, // sam.b, fs.one, fs.two, fs.off
				plan: { add: 1, update: 1, unsubscribe: 1, skip: 1, orphans: 1, unsubscribeInGhost: 0 },
			});
			const detail = await stack.n8n.nodeOutput(execution.id, 'Member Full Sync');
			expect(
				detail
					.slice(1)
					.map((d) => `${d.action} ${d.email}`)
					.sort(),
			).toEqual([
				'add fs.two@example.com',
				'orphan orphan@example.com',
				'skip sam.b@example.com',
				'unsubscribe fs.gone@example.com',
				'update fs.one@example.com',
			]);
			expect(JSON.stringify(stack.subscribers(LIST_F))).toBe(before);
		});

		it('the real run makes Campaign Monitor match Ghost; a second run plans nothing', async () => {
			const first = await stack.n8n.runManually('ghostCmFullSyncRun', 'Run Now');
			expect(first.status).toBe('success');
			expect(await summaryOf(first)).toMatchObject({
				applied: { imported: 2, unsubscribed: 1, failures: [] },
			});
			const list = stack.subscribers(LIST_F);
			const get = (email: string) => list.find((s) => s.EmailAddress === email);
			expect(get('fs.two@example.com')).toMatchObject({ State: 'Active' });
			expect(get('fs.one@example.com')?.CustomFields).toContainEqual({
				Key: 'ghost_status',
				Value: 'free',
			});
			expect(get('fs.gone@example.com')?.State).toBe('Unsubscribed');
			expect(get('sam.b@example.com')?.State).toBe('Unsubscribed');
			expect(get('orphan@example.com')?.State).toBe('Active');
			expect(get('fs.off@example.com')).toBeUndefined();

			const second = await stack.n8n.runManually('ghostCmFullSyncRun', 'Run Now');
			expect(await summaryOf(second)).toMatchObject({
				plan: { add: 0, update: 0, unsubscribe: 0, unsubscribeInGhost: 0 },
			});
		});
	});
	it("privacy: no raw member email, name or API key in n8n's and Ghost's logs or in the dead-letter table", async () => {
		const subscribers = [LIST_A, LIST_B, 'f'.repeat(32)].flatMap((list) => subscribersOf(list));
		const emails = [
			...new Set([...subscribers.map((s) => s.EmailAddress), 'jamie.sync@example.com']),
		];
		const names = [
			...new Set(
				subscribers.map((s) => s.Name).filter((n) => n && n.length >= 4 && !n.includes('.')),
			),
		];
		const keys = [
			'sim-api-key',
			...stack.sites.map((site) => site.ghost.adminApiKey.split(':')[1]),
		];
		const logFiles = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
				entry.isDirectory()
					? entry.name === 'node_modules' || entry.name.startsWith('.')
						? []
						: logFiles(join(dir, entry.name))
					: entry.name.endsWith('.log')
						? [join(dir, entry.name)]
						: [],
			);
		const lines = logFiles(workDir).flatMap((file) => readFileSync(file, 'utf8').split('\n'));
		const records = await stack.n8n.dataTableRows('ghost_cm_dead_letters');
		const haystack = [...lines, ...records.map((record) => JSON.stringify(record))];
		const found = haystack.filter(
			(text) =>
				emails.some((email) => text.toLowerCase().includes(email.toLowerCase())) ||
				names.some((name) => new RegExp(`\\b${name}\\b`).test(text)) ||
				keys.some((key) => text.includes(key)),
		);
		// eslint-disable-next-line no-console -- the counts go into the closing note
		console.log(
			`privacy: scanned ${records.length} dead-letter records and ${lines.length} log lines from ${logFiles(workDir).length} files for ${emails.length} addresses, ${names.length} names, ${keys.length} keys`,
		);
		expect(emails.length).toBeGreaterThan(5);
		expect(lines.length).toBeGreaterThan(100);
		expect(found.map((text) => text.slice(0, 300))).toEqual([]);
	});
});
