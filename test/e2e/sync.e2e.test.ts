/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: runs under Jest; never shipped */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hashEmail } from '../../nodes/shared/redact';
import type { SimSubscriber } from '../cm-simulator/server';
import { assertPeersInstalled } from './support/peers';
import { waitFor } from './support/processes';
import { startStack, type Stack } from './support/stack';

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
	const waitForSubscriber = (listId: string, what: string, check: (s: SimSubscriber[]) => SimSubscriber | false | undefined) =>
		waitFor(what, async () => check(subscribersOf(listId)), { timeoutMs: 60_000 });

	beforeAll(async () => {
		assertPeersInstalled();
		stack = await startStack(workDir, ['A', 'B']);
	}, 900_000);

	afterAll(async () => {
		await stack?.stop();
	});

	it('a new member becomes an Active subscriber with the mapped fields', async () => {
		const { members } = await siteA().admin('POST', '/members/', {
			members: [{ email: 'jamie.sync@example.com', name: 'Jamie', labels: [{ name: 'VIP' }] }],
		});
		memberId = members[0].id;
		const subscriber = await waitForSubscriber(LIST_A, 'the new subscriber', (list) => list.find((s) => s.EmailAddress === 'jamie.sync@example.com'));
		expect(subscriber).toMatchObject({ Name: 'Jamie', State: 'Active' });
		expect(field(subscriber, 'ghost_status')).toBe('free');
		expect(field(subscriber, 'ghost_signup_date')).toBe(today());
		expect(field(subscriber, 'ghost_last_updated')).toBe(today());
		expect(field(subscriber, 'ghost_email_enabled')).toBe('true');
		expect(field(subscriber, 'ghost_previous_status')).toBeUndefined();
	});

	it('a name and label change updates the subscriber', async () => {
		await siteA().admin('PUT', `/members/${memberId}/`, { members: [{ name: 'Jamie Doe', labels: [{ name: 'VIP' }, { name: 'Press' }] }] });
		const subscriber = await waitForSubscriber(LIST_A, 'the new name', (list) => list.find((s) => s.Name === 'Jamie Doe'));
		expect(field(subscriber, 'ghost_labels')).toBe('VIP, Press');
	});

	it('a comped status sets ghost_previous_status and ghost_status_changed_at', async () => {
		// Ghost comps only with Stripe configured (see GhostSite.setStatusInDatabase); the edit
		// below makes Ghost send member.edited with status "comped" and no previous.status, so
		// the change is found from the state Member Status Diff keeps in static data.
		await siteA().setStatusInDatabase(memberId, 'comped');
		await siteA().admin('PUT', `/members/${memberId}/`, { members: [{ note: 'comped for the press' }] });
		const subscriber = await waitForSubscriber(LIST_A, 'the comped status', (list) =>
			list.find((s) => s.CustomFields.some((f) => f.Key === 'ghost_status' && f.Value === 'comped')),
		);
		expect(field(subscriber, 'ghost_previous_status')).toBe('free');
		expect(field(subscriber, 'ghost_status_changed_at')).toBe(today());
	});

	it('an email change renames the same subscriber, no duplicate', async () => {
		await siteA().admin('PUT', `/members/${memberId}/`, { members: [{ email: 'jamie.new@example.com' }] });
		await waitForSubscriber(LIST_A, 'the renamed subscriber', (list) => list.find((s) => s.EmailAddress === 'jamie.new@example.com'));
		const list = subscribersOf(LIST_A);
		expect(list.map((s) => s.EmailAddress)).toEqual(['jamie.new@example.com']);
		expect(list[0]).toMatchObject({ Name: 'Jamie Doe', State: 'Active' });
		expect(field(list[0], 'ghost_status')).toBe('comped');
	});

	it('a deleted member is unsubscribed', async () => {
		await siteA().admin('DELETE', `/members/${memberId}/`);
		const subscriber = await waitForSubscriber(LIST_A, 'the unsubscribe', (list) => list.find((s) => s.State === 'Unsubscribed'));
		expect(subscriber.EmailAddress).toBe('jamie.new@example.com');
	});

	it('a failed sync lands in the dead-letter table, and the replay workflow repairs it', async () => {
		stack.cm.addFault({ path: '^/subscribers/', status: 500, times: 1000 });
		const { members } = await siteA().admin('POST', '/members/', { members: [{ email: 'robin.dlq@example.com', name: 'Robin' }] });
		const [letter] = await waitFor('a dead letter', async () => {
			const rows = await stack.n8n.dataTableRows('ghost_cm_dead_letters');
			return rows.length > 0 && rows;
		}, { timeoutMs: 120_000 });
		expect(letter).toMatchObject({
			status: 'pending',
			site: 'site-a',
			event: 'member.added',
			memberId: members[0].id,
			emailSha256: hashEmail('robin.dlq@example.com'),
			workflowId: 'ghostCmSyncA',
			failedNode: 'Add or Update Subscriber',
		});
		expect(letter.error).toMatch(/Campaign Monitor: Internal Server Error \(code 500\)/);
		expect(JSON.stringify(letter)).not.toContain('robin.dlq@example.com');
		expect(subscribersOf(LIST_A).some((s) => s.EmailAddress === 'robin.dlq@example.com')).toBe(false);

		(stack.cm as unknown as { faults: unknown[] }).faults = [];
		const replay = await stack.n8n.runManually('ghostCmDlqReplay1', 'Replay Now');
		expect(replay.status).toBe('success');
		const robin = await waitForSubscriber(LIST_A, 'the replayed subscriber', (list) => list.find((s) => s.EmailAddress === 'robin.dlq@example.com'));
		expect(robin).toMatchObject({ Name: 'Robin', State: 'Active' });
		const [replayed] = await stack.n8n.dataTableRows('ghost_cm_dead_letters');
		expect(replayed).toMatchObject({ status: 'replayed' });
		expect(replayed.replayExecutionId).toMatch(/^\d+$/);
	});

	it('two Ghost sites stay isolated: own secret, own list, own state', async () => {
		await siteB().admin('POST', '/members/', { members: [{ email: 'sam.b@example.com', name: 'Sam' }] });
		await waitForSubscriber(LIST_B, 'site B subscriber', (list) => list.find((s) => s.EmailAddress === 'sam.b@example.com'));
		expect(subscribersOf(LIST_A).some((s) => s.EmailAddress === 'sam.b@example.com')).toBe(false);
		expect(subscribersOf(LIST_B).map((s) => s.EmailAddress)).toEqual(['sam.b@example.com']);
		const secrets = await Promise.all(['ghostCmSyncA', 'ghostCmSyncB'].map(async (id) => {
			const workflow = await stack.n8n.rest('GET', `/workflows/${id}`);
			return workflow.staticData?.['node:Ghost Member Trigger']?.secret;
		}));
		expect(secrets[0]).toMatch(/^[0-9a-f]{64}$/);
		expect(secrets[1]).toMatch(/^[0-9a-f]{64}$/);
		expect(secrets[0]).not.toBe(secrets[1]);
	});
});
