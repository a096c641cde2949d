/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: runs under Jest; never shipped */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { burstMember } from '../harness/deliveries';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { CM_CLIENT_ID, fullSyncWorkflow, startStack, type Stack } from '../harness/stack';
import { catchUpWorkflow } from '../harness/workflows';

const MEMBERS = 20_000;
const DELETED_DURING_RUN = 40;
const LIST = 'e'.repeat(32);
const BULK_EDITED = 10_000;

/**
 * A real publication's size on the real Ghost and n8n: 20,000 members as a CSV import leaves
 * them (one created_at for all), a full sync filling the list, then members deleting their
 * accounts while the next run pages through Ghost, then the full sync of a site that reads empty.
 */
describe('the full sync at a real publication’s size', () => {
	let stack: Stack;
	// eslint-disable-next-line no-console -- the run's figures go into the closing note
	const report = (line: string) => console.log(line);
	const members = Array.from({ length: MEMBERS }, (_, i) => burstMember('reader', '6a11', i + 1));
	const run = async (id: string, nodeName = 'Member Full Sync') => {
		const started = Date.now();
		const execution = await stack.n8n.runManually(id, 'Run Now');
		const summary = (await stack.n8n.nodeOutput(execution.id, nodeName))[0];
		return { execution, summary, seconds: (Date.now() - started) / 1000 };
	};

	beforeAll(async () => {
		assertPeersInstalled();
		stack = await startStack(mkdtempSync(join(tmpdir(), 'ghost-cm-scale-')), ['A', 'B']);
		stack.cm.account.addList(CM_CLIENT_ID, { ListID: LIST, Title: 'Publication' });
		for (const spec of ENSURED_GHOST_FIELDS) stack.cm.account.createCustomField(LIST, spec);
		await stack.sites[0].ghost.insertMembersInDatabase(members);
		for (const [id, key] of [
			['scaleFullSyncA01', 'A'],
			['scaleFullSyncB01', 'B'],
		]) {
			const workflow = fullSyncWorkflow({ key, listId: LIST }, false);
			workflow.id = id;
			await stack.n8n.importWorkflow(workflow);
		}
		await stack.n8n.importWorkflow(catchUpWorkflow({ key: 'A', listId: LIST }));
	}, 900_000);

	afterAll(async () => {
		await stack?.stop();
	});

	const active = () =>
		new Set(
			stack
				.subscribers(LIST)
				.filter((s) => s.State === 'Active')
				.map((s) => s.EmailAddress),
		);

	it(`fills the list with ${MEMBERS} members, then members deleted during the next run leave every other member Active`, async () => {
		const first = await run('scaleFullSyncA01');
		expect(first.execution.status).toBe('success');
		expect(active().size).toBe(MEMBERS);
		report(`full sync of ${MEMBERS} members into an empty list: ${first.seconds.toFixed(1)} s`);

		// The run reads Campaign Monitor first, then Ghost: delete the first members by id
		// (pages already read) as soon as the Ghost read starts, as page numbers would shift.
		const deletedRoute = 'GET /lists/{id}/deleted.json';
		const before = stack.cm.requests.byRoute[deletedRoute] ?? 0;
		const second = run('scaleFullSyncA01');
		await waitFor(
			'the Ghost read',
			async () => (stack.cm.requests.byRoute[deletedRoute] ?? 0) > before,
			{ intervalMs: 20 },
		);
		const deleted = members.slice(0, DELETED_DURING_RUN);
		for (const member of deleted)
			await stack.sites[0].ghost.admin('DELETE', `/members/${member.id}/`);
		const { execution, summary, seconds } = await second;
		expect(execution.status).toBe('success');

		const stillInGhost = members.slice(DELETED_DURING_RUN).map((m) => m.email);
		const now = active();
		const wronglyUnsubscribed = stillInGhost.filter((email) => !now.has(email));
		report(
			`full sync while ${DELETED_DURING_RUN} members deleted their accounts: ${seconds.toFixed(1)} s, ${summary.ghostMembers} Ghost members read, ${stillInGhost.length} still in Ghost checked, ${wronglyUnsubscribed.length} wrongly not Active, ${summary.applied?.unsubscribed} unsubscribed; requests ${JSON.stringify(summary.requests)}`,
		);
		expect(wronglyUnsubscribed).toEqual([]);
		expect(summary.applied.unsubscribed).toBeLessThanOrEqual(DELETED_DURING_RUN);
	});

	it('a site whose Ghost reads empty (another site’s key) unsubscribes nobody: the run fails and says how to confirm', async () => {
		const before = active().size;
		const { execution, seconds } = await run('scaleFullSyncB01');
		expect(execution.status).toBe('error');
		const error = await stack.n8n.executionError(execution.id);
		report(
			`full sync against an empty Ghost: ${seconds.toFixed(1)} s, ${before - active().size} unsubscribed, error "${error?.message.slice(0, 90)}…"`,
		);
		expect(error?.message).toMatch(
			new RegExp(
				`^Ghost returned no members, so this run would unsubscribe ${before} of ${before} Active subscribers: nobody was unsubscribed\\..*Confirm Large Unsubscribe`,
			),
		);
		expect(active().size).toBe(before);
	});

	const subscriber = (email: string) =>
		stack.subscribers(LIST).find((s) => s.EmailAddress === email);
	const field = (email: string, key: string) =>
		subscriber(email)?.CustomFields.find((f) => f.Key === key)?.Value;

	it(`after a bulk edit of ${BULK_EDITED} members (no webhooks), one catch-up run brings them all, reading the list once; a suppressed member with no webhook ends Unsubscribed`, async () => {
		const ghost = stack.sites[0].ghost;
		const edited = members.slice(DELETED_DURING_RUN, DELETED_DURING_RUN + BULK_EDITED);
		await ghost.bulkEditInDatabase(
			edited.map((m) => m.id),
			' (bulk)',
		);
		const suppressed = members[MEMBERS - 1];
		await ghost.suppressInDatabase(suppressed.id, 'spam');
		const calls = stack.cm.requests.total;
		const { summary, seconds } = await run('ghostCmCatchUp01', 'Catch Up');
		const byEmail = new Map(stack.subscribers(LIST).map((s) => [s.EmailAddress, s]));
		const renamed = edited.filter((m) => byEmail.get(m.email)?.Name === `${m.name} (bulk)`).length;
		report(
			`catch-up after a bulk edit of ${BULK_EDITED}: ${seconds.toFixed(1)} s, ${summary.ghostMembers} changed members read, Campaign Monitor read as ${summary.campaignMonitorRead}, ${renamed}/${BULK_EDITED} renamed, ${stack.cm.requests.total - calls} Campaign Monitor requests; requests ${JSON.stringify(summary.requests)}`,
		);
		expect(summary.campaignMonitorRead).toBe('list');
		expect(renamed).toBe(BULK_EDITED);
		expect(subscriber(suppressed.email)?.State).toBe('Unsubscribed');
		expect(field(suppressed.email, 'ghost_email_suppressed')).toBe('spam');
	});

	it('a member suppressed with no webhook and not changed since: the full sync unsubscribes them too', async () => {
		const member = members[MEMBERS - 2];
		await stack.sites[0].ghost.suppressInDatabase(member.id, 'fail');
		const { execution, summary } = await run('scaleFullSyncA01');
		expect(execution.status).toBe('success');
		expect(summary.plan.unsubscribe).toBeGreaterThanOrEqual(1);
		expect(subscriber(member.email)?.State).toBe('Unsubscribed');
		expect(field(member.email, 'ghost_email_suppressed')).toBe('bounce');
	});

	it('members who signed up while n8n was down are in the list within a minute of n8n serving again (the catch-up runs when n8n starts)', async () => {
		const ghost = stack.sites[0].ghost;
		const catchUp = await stack.n8n.rest('GET', '/workflows/ghostCmCatchUp01');
		await stack.n8n.activateWorkflow('ghostCmCatchUp01', catchUp.versionId);
		await stack.n8n.stop();
		// Ghost's deliveries fail while n8n is down, and Ghost never retries them.
		const missed = Array.from({ length: 20 }, (_, i) => `down${i}@example.com`);
		for (const email of missed)
			await ghost.admin('POST', '/members/', { members: [{ email, name: 'Down' }] });
		await stack.n8n.start();
		const serving = Date.now();
		await waitFor(
			'the members missed while n8n was down',
			async () => {
				const byEmail = new Map(stack.subscribers(LIST).map((s) => [s.EmailAddress, s]));
				return missed.every((email) => byEmail.get(email)?.State === 'Active');
			},
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		report(
			`n8n down while ${missed.length} members signed up: all in the list ${((Date.now() - serving) / 1000).toFixed(1)} s after n8n served again (the catch-up's start-up run)`,
		);
	});
});
