/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end harness: runs under Jest; never shipped */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SimSubscriber } from '../cm-simulator/server';
import { burstMember, deliverAsGhost, deliverBurst } from '../harness/deliveries';
import { assertPeersInstalled } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { startStack, type Stack } from '../harness/stack';
import { catchUpWorkflow } from '../harness/workflows';

/**
 * The bundled workflows in n8n's queue mode (Postgres, Redis, main instance, one webhook
 * processor, two workers), the Campaign Monitor simulator enforcing a per-list rate limit. The
 * figures the README's "Scaling out" quotes are printed here (`queue:` lines), not asserted.
 */
const WORKERS = ['worker-1', 'worker-2'];
/** The simulator's per-list limit, and what the workflow's Campaign Monitor nodes are set to. */
const CM_LIMIT_PER_SECOND = 10;
const BURST = 500;
const CRASH_MEMBERS = 120;
const LIST = 'a'.repeat(32);

const report = (line: string) => process.stdout.write(`queue: ${line}\n`);

describe('Queue mode: a signup burst and a worker crash with nothing lost', () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-queue-'));
	let stack: Stack;
	let secret: string;
	const subscribers = (): SimSubscriber[] => stack.subscribers(LIST);
	/** How many of these addresses are Active in the list now. */
	const activeCount = (emails: string[]) => {
		const active = new Set(
			subscribers()
				.filter((s) => s.State === 'Active')
				.map((s) => s.EmailAddress.toLowerCase()),
		);
		return emails.filter((email) => active.has(email)).length;
	};
	const webhookUrl = () => stack.sites[0].webhookUrl;

	/** Until Redis holds no waiting job and Campaign Monitor has not changed for 15 s. */
	const drained = async (count: () => number) => {
		let last = -1;
		let stableSince = Date.now();
		await waitFor(
			'the queue to drain',
			async () => {
				const now = count();
				if (now !== last) [last, stableSince] = [now, Date.now()];
				return (await stack.queue!.waitingJobs()) === 0 && Date.now() - stableSince > 15_000;
			},
			{ timeoutMs: 600_000, intervalMs: 1000 },
		);
	};

	beforeAll(async () => {
		assertPeersInstalled();
		stack = await startStack(workDir, ['A'], report, {
			queueWorkers: WORKERS,
			cmRateLimit: { limit: CM_LIMIT_PER_SECOND, windowSeconds: 1, per: 'list' },
			// What the README's "Scaling out" tells a publisher to set: the list's budget over 2 workers.
			editSiteWorkflow: (workflow) => {
				for (const cmNode of workflow.nodes.filter((n) => n.type.endsWith('.campaignMonitor'))) {
					cmNode.parameters.requestOptions = {
						requestsPerSecond: CM_LIMIT_PER_SECOND,
						workers: WORKERS.length,
					};
				}
			},
		});
		secret = stack.sites[0].webhookSecret;
	}, 900_000);

	afterAll(async () => {
		await stack?.stop();
	});

	it(`a burst of ${BURST} signed member.added deliveries at 32 connections: every acknowledged one Active exactly once`, async () => {
		// Members Ghost has (the sync writes each member as Ghost has it), with no webhook of their own.
		await stack.sites[0].ghost.insertMembersInDatabase(
			Array.from({ length: BURST }, (_, i) => burstMember('burst', 'b0', i + 1)),
		);
		const burst = await deliverBurst({
			url: webhookUrl(),
			secret,
			connections: 32,
			amount: BURST,
			timeoutSeconds: 2,
			prefix: 'burst',
			idPrefix: 'b0',
		});
		report(
			`burst: ${burst.acknowledged}/${BURST} acknowledged within Ghost's 2 s, ${burst.timeouts} timeouts, ${burst.non2xx} non-2xx, p50 ${burst.p50} ms, p99 ${burst.p99} ms, max ${burst.max} ms, ${burst.requestsPerSecond.toFixed(0)} req/s`,
		);
		expect(burst.non2xx).toBe(0);
		expect(burst.members).toHaveLength(BURST);

		// Wait until the queue is empty and Campaign Monitor stops changing.
		const started = Date.now();
		const emails = burst.members.map((m) => m.email);
		const landed = () => activeCount(emails);
		await drained(landed);
		const count = landed();
		report(
			`burst: ${count}/${BURST} Active in Campaign Monitor (${burst.acknowledged} acknowledged) ${((Date.now() - started) / 1000).toFixed(0)} s after the burst; 429s met: ${stack.cm.requests.rateLimited}`,
		);
		// Every acknowledged delivery arrived; one that Ghost gave up on may still have run (n8n
		// goes on after the sender hangs up), and none arrived twice.
		expect(count).toBeGreaterThanOrEqual(burst.acknowledged);
		const adds = emails.map((email) => stack.cm.adds.get(`${LIST}|${email}`) ?? 0);
		expect(adds.filter((n) => n > 1)).toEqual([]);
		expect(subscribers().filter((s) => s.EmailAddress.startsWith('burst'))).toHaveLength(count);

		// Member Status Diff keeps nothing in static data (queue-mode workers start without it).
		const siteSync = await stack.n8n.rest('GET', `/workflows/${stack.sites[0].workflowId}`);
		expect(siteSync.staticData?.['node:Member Status Diff'] ?? {}).toEqual({});
	});

	it('real Ghost events through the queue: a signup, a status change, a deletion', async () => {
		const ghost = stack.sites[0].ghost;
		const email = 'quinn.queue@example.com';
		const find = () => subscribers().find((s) => s.EmailAddress === email);
		const field = (key: string) => find()?.CustomFields.find((f) => f.Key === key)?.Value;

		const {
			members: [member],
		} = await ghost.admin('POST', '/members/', { members: [{ email, name: 'Quinn' }] });
		await waitFor('the signup in Campaign Monitor', async () => find()?.State === 'Active');
		expect(field('ghost_status')).toBe('free');

		// A comp as Ghost's model sends it (previous.status free): the change is written whatever
		// worker runs it, with nothing kept between executions.
		const site = stack.sites[0];
		await deliverAsGhost(
			site,
			site.webhookSecret,
			'member.edited',
			await ghost.compInDatabase(member.id),
		);
		await waitFor('the status change', async () => field('ghost_status') === 'comped');
		expect(field('ghost_previous_status')).toBe('free');

		await ghost.admin('DELETE', `/members/${member.id}/`);
		await waitFor('the deletion', async () => find()?.State === 'Unsubscribed');
	});

	it(`a worker killed with SIGKILL while Ghost sends ${CRASH_MEMBERS} signups: every member in Campaign Monitor afterwards (first try, replay, catch-up)`, async () => {
		const ghost = stack.sites[0].ghost;
		const emails = Array.from({ length: CRASH_MEMBERS }, (_, i) => `crash${i + 1}@example.com`);
		const active = () => activeCount(emails);

		// Real Ghost signups, 4 at a time; Ghost delivers each member.added to the webhook processor.
		let next = 0;
		let killed = false;
		const signUp = async () => {
			while (next < emails.length) {
				const email = emails[next++];
				await ghost.admin('POST', '/members/', { members: [{ email, name: email.split('@')[0] }] });
				if (!killed && next >= emails.length / 3) {
					killed = true;
					// A crash, not a shutdown: the worker's running jobs are left "active" in Redis.
					stack.queue!.killWorker('worker-1');
					report(`crash: worker-1 killed with SIGKILL after ${next} signups`);
				}
			}
		};
		await Promise.all([signUp(), signUp(), signUp(), signUp()]);
		// The operator (or systemd) starts the worker again.
		await stack.queue!.startWorker('worker-1');

		await drained(active);
		const firstTry = active();

		// Path 2: replay from the dead-letter table (what failed visibly).
		const deadLetters = (await stack.n8n.dataTableRows('ghost_cm_dead_letters')).filter(
			(row) => row.status === 'pending',
		).length;
		const replay = await stack.n8n.runManually('ghostCmDlqReplay1', 'Replay Now');
		expect(replay.status).toBe('success');
		// The replay waits for the site sync it runs; any run still saving its end is waited for too.
		await stack.n8n.executionsEnded(stack.sites[0].workflowId, 'the site sync runs to end');
		const afterReplay = active();

		// Path 3: the catch-up (what Ghost changed that never arrived: lost jobs keep no payload).
		const workflow = catchUpWorkflow({ key: 'A', listId: LIST });
		await stack.n8n.importWorkflow(workflow);
		const catchUp = await stack.n8n.runManually(workflow.id, 'Run Now');
		const [summary] = await stack.n8n.nodeOutput(catchUp.id, 'Catch Up');
		const afterCatchUp = active();

		const filter = encodeURIComponent(
			JSON.stringify({ workflowId: stack.sites[0].workflowId, status: ['error', 'crashed'] }),
		);
		const lostJobs = Number(
			(await stack.n8n.rest('GET', `/executions?filter=${filter}&limit=1`)).count,
		);
		report(
			`crash: ${CRASH_MEMBERS} Ghost signups; first try ${firstTry}, replay ${afterReplay - firstTry} (${deadLetters} dead letters), catch-up ${afterCatchUp - afterReplay} (repaired ${summary?.repaired}); site-sync executions failed or crashed: ${lostJobs}; 429s met so far: ${stack.cm.requests.rateLimited}`,
		);
		expect(afterCatchUp).toBe(CRASH_MEMBERS);
		expect(subscribers().filter((s) => s.EmailAddress.startsWith('crash'))).toHaveLength(
			CRASH_MEMBERS,
		);
	});
});
