// npm run demo: the product's main job on this machine. Installs the real n8n and Ghost (cached),
// starts them with the Campaign Monitor simulator, publishes the bundled workflows, creates a few
// members in Ghost, prints what landed in Campaign Monitor, and leaves everything running.
require('./register-ts');
const { spawnSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

const { FULL_SYNC_ID, fullSyncWorkflow, startStack } = require('../test/harness/stack.ts');
const { waitFor } = require('../test/harness/processes.ts');
const { N8N_OWNER } = require('../test/harness/n8n.ts');
const { GHOST_OWNER } = require('../test/harness/ghost.ts');
const { N8N_VERSION } = require('../test/harness/peers.ts');
const { deliverAsGhost } = require('../test/harness/deliveries.ts');

const step = (text) => console.log(`\n▶ ${text}`);
const info = (text) => console.log(`  ${text}`);
const fieldsOf = (subscriber) =>
	Object.fromEntries(subscriber.CustomFields.map((f) => [f.Key, f.Value]));

function table(rows, columns) {
	const widths = columns.map((c) =>
		Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)),
	);
	const line = (values) => values.map((v, i) => String(v ?? '').padEnd(widths[i])).join(' │ ');
	console.log(`  ${line(columns)}\n  ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`);
	for (const row of rows) console.log(`  ${line(columns.map((c) => row[c]))}`);
}

(async () => {
	step(
		`Installing the real n8n ${N8N_VERSION} and Ghost 6.65 (first time about 6 minutes; checked and cached afterwards)`,
	);
	const installed = spawnSync(
		'bash',
		[join(__dirname, '..', 'test', 'harness', 'peers', 'install.sh'), 'core'],
		{ stdio: 'inherit', env: { ...process.env, N8N_VERSION } },
	);
	if (installed.status !== 0) throw new Error('Installing n8n and Ghost failed (see above)');

	step(
		'Starting Ghost, the Campaign Monitor simulator and n8n with this package and its workflows',
	);
	const workDir = join(
		homedir(),
		'.cache',
		'n8n-nodes-ghost-campaign-monitor',
		`demo-${Date.now()}`,
	);
	mkdirSync(workDir, { recursive: true });
	const stack = await startStack(workDir, ['A'], info, {
		catchUpAndFullSync: true,
		cmToGhost: true,
	});
	const [site] = stack.sites;
	const stop = () => stack.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	step('Changing members in Ghost (through its Admin API, as Ghost Admin does)');
	const add = async (email, name, labels = []) =>
		(
			await site.ghost.admin('POST', '/members/', {
				members: [{ email, name, labels: labels.map((l) => ({ name: l })) }],
			})
		).members[0];
	const landed = (check) =>
		waitFor('Campaign Monitor', async () => check(stack.subscribers(site.listId)), {
			timeoutMs: 60_000,
		});
	// One signup at a time, so the table below lists them in the order they joined.
	const signUp = async (count, ...member) => {
		const created = await add(...member);
		await landed((list) => list.length === count);
		return created;
	};
	const ada = await signUp(1, 'ada@example.com', 'Ada Lovelace', ['VIP', 'Founding member']);
	const ben = await signUp(2, 'ben@example.com', 'Ben');
	const cleo = await signUp(3, 'cleo@example.com', 'Cleo', ['Press']);
	const dev = await signUp(4, 'dev@example.com', 'Dev');
	info('added ada@, ben@, cleo@, dev@');
	await site.ghost.admin('PUT', `/members/${ben.id}/`, {
		members: [{ name: 'Ben Okafor', labels: [{ name: 'Newsletter' }] }],
	});
	info('renamed Ben, labelled him');
	// Ghost comps only with Stripe connected: the demo writes the comp as Ghost's member model
	// does and delivers the member.edited that Ghost sends for it (previous status: free).
	await deliverAsGhost(
		site,
		site.webhookSecret,
		'member.edited',
		await site.ghost.compInDatabase(ada.id),
	);
	info('comped Ada');
	await site.ghost.admin('PUT', `/members/${cleo.id}/`, {
		members: [{ email: 'cleo.new@example.com' }],
	});
	info('changed Cleo’s email');
	await site.ghost.admin('DELETE', `/members/${dev.id}/`);
	info('deleted Dev');
	await landed((list) => {
		const byEmail = Object.fromEntries(list.map((s) => [s.EmailAddress, s]));
		return (
			byEmail['cleo.new@example.com'] &&
			// Unsubscribed first, then its fields: wait for both calls of the unsubscribe.
			byEmail['dev@example.com']?.State === 'Unsubscribed' &&
			fieldsOf(byEmail['dev@example.com']).ghost_email_enabled === 'false' &&
			byEmail['ben@example.com']?.Name === 'Ben Okafor' &&
			byEmail['ada@example.com']?.CustomFields.some((f) => f.Value === 'comped')
		);
	});

	step(`What landed in Campaign Monitor (list "Site A members", ${site.listId})`);
	const rows = stack.subscribers(site.listId).map((s) => {
		const fields = fieldsOf(s);
		return {
			email: s.EmailAddress,
			name: s.Name,
			state: s.State,
			status: fields.ghost_status,
			previous: fields.ghost_previous_status,
			changed: fields.ghost_status_changed_at,
			labels: fields.ghost_labels,
			emails: fields.ghost_email_enabled,
		};
	});
	table(rows, ['email', 'name', 'state', 'status', 'previous', 'changed', 'labels', 'emails']);
	// Member Sync Check may still be re-reading Ghost for the last edits: count finished runs.
	const executions = await stack.n8n.executionsEnded(
		site.workflowId,
		'the site sync executions to finish',
	);
	info(
		`${executions.length} n8n executions of "${site.workflowId}": ${executions.filter((e) => e.status === 'success').length} succeeded`,
	);

	// Paid members: Ghost needs Stripe connected to make them, so the demo writes the Stripe rows
	// as Stripe's webhooks leave them, then edits each member so Ghost sends a webhook.
	step('Paid members: a trial, and a yearly plan cancelled at the period end');
	const inDays = (days) => new Date(Date.now() + days * 86_400_000).toISOString();
	const paid = [
		[
			'tom@example.com',
			'Tom',
			{
				status: 'trialing',
				interval: 'month',
				startDate: inDays(-1),
				currentPeriodEnd: inDays(13),
				trialEndAt: inDays(13),
			},
		],
		[
			'una@example.com',
			'Una',
			{
				status: 'active',
				interval: 'year',
				startDate: inDays(-165),
				currentPeriodEnd: inDays(200),
				cancelAtPeriodEnd: true,
			},
		],
	];
	for (const [email, name, subscription] of paid) {
		const member = await add(email, name);
		await landed((list) => list.some((s) => s.EmailAddress === email));
		await site.ghost.writeStripeSubscription(member.id, subscription);
		await site.ghost.admin('PUT', `/members/${member.id}/`, { members: [{ note: 'paid' }] });
		await landed((list) =>
			list.some(
				(s) =>
					s.EmailAddress === email &&
					s.CustomFields.some(
						(f) => f.Key === 'ghost_subscription_status' && f.Value === subscription.status,
					),
			),
		);
	}
	info(
		'tom@ started a monthly trial; una@ cancelled her yearly plan (access until the period end)',
	);
	table(
		stack
			.subscribers(site.listId)
			.filter((s) => paid.some(([email]) => email === s.EmailAddress))
			.map((s) => {
				const f = fieldsOf(s);
				return {
					email: s.EmailAddress,
					status: f.ghost_status,
					subscription: f.ghost_subscription_status,
					interval: f.ghost_plan_interval,
					'period end': f.ghost_period_end,
					'trial end': f.ghost_trial_end,
					cancels: f.ghost_cancels_at_period_end,
				};
			}),
		['email', 'status', 'subscription', 'interval', 'period end', 'trial end', 'cancels'],
	);

	// Campaign Monitor → Ghost: the simulator's /_sim control stands in for a reader clicking the
	// unsubscribe link in a campaign; Campaign Monitor then posts a Deactivate event to n8n.
	step('Campaign Monitor → Ghost: ben@ clicks "unsubscribe" in a Campaign Monitor campaign');
	await waitFor('the Campaign Monitor webhook', async () => {
		const list = stack.cm.account.snapshot().lists.find((l) => l.ListID === site.listId);
		return list.webhooks.some((hook) => hook.Status === 'Active');
	});
	const clicked = Date.now();
	const click = await fetch(`${stack.cm.origin}/_sim/lists/${site.listId}/state`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ EmailAddress: 'ben@example.com', State: 'Unsubscribed' }),
	});
	if (!click.ok) throw new Error(`the simulator refused the click: ${click.status}`);
	const benInGhost = await waitFor(
		'ben@ unsubscribed in Ghost',
		async () => {
			const member = await site.ghost.memberByEmail('ben@example.com');
			return member.newsletters.length === 0 && member;
		},
		{ timeoutMs: 60_000 },
	);
	info(
		`in Ghost ${((Date.now() - clicked) / 1000).toFixed(1)} s later: ben@ gets ${benInGhost.newsletters.length} newsletters (subscribed: ${benInGhost.subscribed})`,
	);

	// What Ghost sends no webhook for, and the two workflows that make the list right anyway.
	step('Changes Ghost sends no webhook for: a member imported from CSV, a bulk delete');
	await site.ghost.insertMembersInDatabase([
		{ id: '6b0de0000000000000000e7e', email: 'eve@example.com', name: 'Eve Imported' },
		{ id: '6b0de0000000000000000f4e', email: 'fay@example.com', name: 'Fay Imported' },
	]);
	info('imported eve@ and fay@ (as a CSV import leaves them: no webhook)');
	// What reading leaves (email analytics, last seen) and where readers signed up, as Ghost
	// records them: none of it sends a webhook; the nightly full sync carries it.
	const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString();
	const readers = [
		[ada.id, 40, 34, 85, daysAgo(1)],
		['6b0de0000000000000000e7e', 12, 9, 75, daysAgo(2), ['Google', 'search', '/pricing/']],
		['6b0de0000000000000000f4e', 12, 1, 8, null, ['Twitter', 'social', '/welcome/']],
	];
	for (const [id, emailCount, openedCount, openRate, lastSeenAt, signup] of readers)
		await site.ghost.engagementInDatabase(id, {
			emailCount,
			openedCount,
			openRate,
			lastSeenAt,
			signup: signup && { source: signup[0], medium: signup[1], path: signup[2] },
		});
	info('readers opened newsletters and visited; eve@ came from Google, fay@ from Twitter');
	await site.ghost.admin(
		'DELETE',
		`/members/?filter=${encodeURIComponent(`email:'cleo.new@example.com'`)}`,
	);
	info('bulk-deleted cleo.new@ (a bulk action: no webhook)');

	const summaryOf = async (workflowId) => {
		const execution = await stack.n8n.runManually(workflowId, 'Run Now');
		const [summary] = await stack.n8n.nodeOutput(
			execution.id,
			workflowId === FULL_SYNC_ID || workflowId === APPLIED_ID ? 'Member Full Sync' : 'Catch Up',
		);
		return { status: execution.status, summary };
	};
	const APPLIED_ID = 'ghostCmFullSyncApplied';
	const plan = (s) =>
		Object.entries(s.plan ?? {})
			.map(([k, v]) => `${k} ${v}`)
			.join(', ');

	step('Catch-up (published, every 10 minutes): members Ghost changed since its last run');
	const catchUp = await summaryOf('ghostCmCatchUp01');
	info(
		`${catchUp.status}: ${catchUp.summary.ghostMembers} changed members read, ${catchUp.summary.repaired} repaired (${plan(catchUp.summary)}), ${catchUp.summary.requests.total} requests`,
	);

	step('Full sync (published, nightly at 02:30): the whole list against every Ghost member');
	const dry = await summaryOf(FULL_SYNC_ID);
	info(`dry run, as imported: ${dry.status}; plan: ${plan(dry.summary)}`);
	const applied = fullSyncWorkflow(site, false);
	applied.id = APPLIED_ID;
	applied.name = 'Ghost → Campaign Monitor (full sync, Dry Run off)';
	await stack.n8n.importWorkflow(applied);
	const run = await summaryOf(APPLIED_ID);
	const done = run.summary.applied ?? {};
	info(
		`applied (a copy with Dry Run off): ${run.status}; imported ${done.imported ?? 0}, unsubscribed ${done.unsubscribed ?? 0}, failures ${(done.failures ?? []).length}`,
	);
	const after = Object.fromEntries(
		stack.subscribers(site.listId).map((s) => [s.EmailAddress, s.State]),
	);
	info(
		`now: eve@ ${after['eve@example.com'] ?? 'absent'}, cleo.new@ ${after['cleo.new@example.com']}`,
	);
	step('Engagement and signup fields, for win-back, sunset and welcome-by-source journeys');
	table(
		stack
			.subscribers(site.listId)
			.filter((s) => ['ada@', 'eve@', 'fay@'].some((p) => s.EmailAddress.startsWith(p)))
			.map((s) => {
				const f = fieldsOf(s);
				return {
					email: s.EmailAddress,
					'open rate': f.ghost_open_rate,
					emails: f.ghost_emails_received,
					opened: f.ghost_emails_opened,
					'last seen': f.ghost_last_seen,
					source: f.ghost_signup_source,
					medium: f.ghost_signup_medium,
					page: f.ghost_signup_page,
				};
			}),
		['email', 'open rate', 'emails', 'opened', 'last seen', 'source', 'medium', 'page'],
	);

	step('Running. Open the n8n editor to see the workflows and their executions:');
	info(`n8n editor     ${stack.n8n.url}   login ${N8N_OWNER.email} / ${N8N_OWNER.password}`);
	info(
		`Ghost Admin    ${site.ghost.url}/ghost/   login ${GHOST_OWNER.email} / ${GHOST_OWNER.password}`,
	);
	info(`Campaign Monitor simulator state: ${stack.cm.origin}/_sim/state`);
	info(`logs and data  ${workDir}`);
	info('Add or edit members in Ghost Admin and watch them arrive. Ctrl+C stops everything.');
	// The end-to-end suite runs the demo to the end and stops it here.
	if (process.env.DEMO_EXIT === '1') await stop();
})().catch((error) => {
	console.error(`\ndemo failed: ${error.message}`);
	process.exit(1);
});
