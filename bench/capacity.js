// Capacity of the whole site sync: the real n8n with the bundled workflows and a real Ghost (the
// e2e stack), the Campaign Monitor simulator enforcing 10 requests/s per list. Distinct, correctly
// signed member.added deliveries for members Ghost has (written into its database, so Ghost sends
// nothing itself) at 10, 50, 100 and 200 a second for 10 s each; per row: acknowledged, their
// p50/p99, members Active, time until the last landed, members/s end to end, Campaign Monitor calls
// per member and n8n's peak RSS. Then light traffic (one event at a time): Ghost → Campaign Monitor
// latency of the bundled site sync against the same workflow without the Ghost reads (the shape
// before "write Ghost's current member"), in the same run.
// Prints numbers; asserts nothing. Usage: npm run bench:capacity [-- <seconds per row>]
// [--concurrency <N8N_CONCURRENCY_PRODUCTION_LIMIT>] (n8n queues executions beyond it, in its database)
// [--site-members <N>] (Ghost and the list already hold N members, a real site's size: the cost
// per event must not grow with it).
require('../scripts/register-ts');
const { execSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { assertPeersInstalled, N8N_VERSION } = require('../test/harness/peers.ts');
const { startStack } = require('../test/harness/stack.ts');
const { burstMember, deliverBurst, signedMemberAdded } = require('../test/harness/deliveries.ts');
const { siteSyncWorkflow, node } = require('../test/harness/workflows.ts');
const { deriveWebhookSecret } = require('../nodes/domain/security/webhookSecret.ts');

const args = process.argv.slice(2);
const flag = args.indexOf('--concurrency');
const CONCURRENCY = flag >= 0 ? Number(args.splice(flag, 2)[1]) : null;
const membersFlag = args.indexOf('--site-members');
const SITE_MEMBERS = membersFlag >= 0 ? Number(args.splice(membersFlag, 2)[1]) : 0;
const SECONDS = Number(args[0] || 10);
const RATES = [10, 50, 100, 200];
const LIGHT_EVENTS = 20;
const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function n8nPid() {
	const line = execSync('ps -eo pid,args')
		.toString()
		.split('\n')
		.find((l) => l.includes('bin/node') && l.includes('n8n/bin/n8n start'));
	return Number(line.trim().split(/\s+/)[0]);
}

function rss(pid) {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) * 1024 : 0;
}

/** CPU seconds used so far by every process of a process group (n8n with its task runners). */
function groupCpuSeconds(pgid) {
	let ticks = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// After the name: state, ppid, pgrp, …; utime and stime are the 12th and 13th.
		if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / 100;
}

const pgidOf = (pid) => {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
};

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

(async () => {
	assertPeersInstalled();
	const dir = mkdtempSync(join(tmpdir(), 'ghost-cm-bench-capacity-'));
	const stack = await startStack(dir, ['A'], () => undefined, {
		cmRateLimit: { limit: 10, windowSeconds: 1, per: 'list' },
		n8nEnv: CONCURRENCY ? { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(CONCURRENCY) } : {},
	});
	const [site] = stack.sites;
	if (SITE_MEMBERS > 0) {
		// A site of this size: the members in Ghost, and as Active subscribers in the list.
		const existing = Array.from({ length: SITE_MEMBERS }, (_, i) =>
			burstMember('site', '5e', i + 1),
		);
		await site.ghost.insertMembersInDatabase(existing);
		for (const member of existing)
			stack.cm.account.upsert(site.listId, {
				EmailAddress: member.email,
				Name: member.name,
				CustomFields: [{ Key: 'ghost_status', Value: 'free' }],
				ConsentToTrack: 'Yes',
			});
		console.log(`site size: ${SITE_MEMBERS} members in Ghost and in the list`);
	}
	const pid = n8nPid();
	const baseline = rss(pid);
	// Where the machine's CPU goes per member: n8n, Ghost, and this process (the Campaign Monitor
	// simulator and the load generator).
	const groups = { n8n: pgidOf(pid), ghost: pgidOf(site.ghost.process.child.pid) };
	const cpuNow = () => ({
		n8n: groupCpuSeconds(groups.n8n),
		ghost: groupCpuSeconds(groups.ghost),
		bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
	});
	const url = site.webhookUrl;
	// One subscriber looked up by address (a map read in the simulator): polling a copy of the
	// whole list would itself slow the simulator down as the list grows.
	const stateOf = (email) => {
		try {
			return stack.cm.account.details(site.listId, email).State;
		} catch {
			return undefined;
		}
	};
	const active = (emails) => emails.filter((email) => stateOf(email) === 'Active').length;
	console.log(
		`bench:capacity — real n8n ${N8N_VERSION} and Ghost 6.65, the bundled site sync, Campaign Monitor at 10 requests/s per list; ${SECONDS} s per row; node ${process.version}; n8n RSS at rest ${mb(baseline)}; N8N_CONCURRENCY_PRODUCTION_LIMIT ${CONCURRENCY ?? 'unset (no limit)'}`,
	);
	console.log(
		'offered │ sent in │ acknowledged        │ ack p50 / p99   │ Active      │ last landed │ members/s │ CM calls/member │ n8n peak RSS │ CPU ms/member: n8n, Ghost, bench (2 cores)',
	);
	const routeRows = [];
	try {
		for (const [row, rate] of RATES.entries()) {
			const prefix = `cap${rate}x`;
			const idPrefix = `c${row}`;
			const count = rate * SECONDS;
			await site.ghost.insertMembersInDatabase(
				Array.from({ length: count }, (_, i) => burstMember(prefix, idPrefix, i + 1)),
			);
			await sleep(2000);
			const callsBefore = stack.cm.requests.total;
			const routesBefore = { ...stack.cm.requests.byRoute };
			let peak = rss(pid);
			const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 250);
			const cpuBefore = cpuNow();
			const started = Date.now();
			const burst = await deliverBurst({
				url,
				secret: site.webhookSecret,
				// Ghost sends each delivery on its own; enough connections that a slow answer does not
				// lower the offered rate (up to half a second each).
				connections: Math.max(4, Math.ceil(rate / 2)),
				amount: count,
				overallRate: rate,
				timeoutSeconds: 2,
				prefix,
				idPrefix,
			});
			const sent = Date.now();
			const emails = burst.members.map((m) => m.email);
			let landed = active(emails);
			let lastLanded = Date.now();
			while (landed < count && Date.now() - lastLanded < 60_000) {
				await sleep(250);
				const now = active(emails);
				if (now !== landed) {
					landed = now;
					lastLanded = Date.now();
				}
			}
			clearInterval(sampler);
			const cpuAfter = cpuNow();
			const cpuPer = (k) => Math.round(((cpuAfter[k] - cpuBefore[k]) * 1000) / count);
			const calls = stack.cm.requests.total - callsBefore;
			const twice = emails.filter(
				(e) => (stack.cm.adds.get(`${site.listId}|${e}`) ?? 0) > 1,
			).length;
			console.log(
				[
					`${String(rate).padStart(4)}/s`,
					`${((sent - started) / 1000).toFixed(1)} s`.padStart(7),
					`${burst.acknowledged}/${count}, ${burst.timeouts} timeouts`.padEnd(19),
					`${burst.p50} / ${burst.p99} ms`.padEnd(15),
					`${landed}/${count}${twice ? ` (${twice} twice)` : ''}`.padEnd(11),
					`${((lastLanded - sent) / 1000).toFixed(1)} s after`.padEnd(11),
					`${(landed / ((lastLanded - started) / 1000)).toFixed(1)}`.padStart(9),
					`${(calls / count).toFixed(3)}`.padStart(15),
					mb(peak).padEnd(12),
					`${cpuPer('n8n')}, ${cpuPer('ghost')}, ${cpuPer('bench')}`,
				].join(' │ '),
			);
			routeRows.push(
				`${rate}/s: ${Object.entries(stack.cm.requests.byRoute)
					.map(([route, n]) => [route, n - (routesBefore[route] ?? 0)])
					.filter(([, n]) => n > 0)
					.map(([route, n]) => `${route} ${n}`)
					.join(', ')}`,
			);
		}

		console.log(`Campaign Monitor calls by route: ${routeRows.join('; ')}`);

		// Light traffic: one event at a time, Ghost's delivery to the subscriber in Campaign Monitor.
		const before = siteSyncWorkflow({
			key: 'L',
			listId: site.listId,
			ghostCredentialId: `ghostSite${site.key}Cred01`,
			cmCredentialId: 'cmSimulatorCred1',
		});
		before.name = 'bench: site sync without the Ghost reads';
		before.id = 'benchSiteSyncBefore';
		node(before, 'Ghost Member Trigger').webhookId = 'bench-site-sync-before';
		node(before, 'Member Status Diff').parameters.readFromGhost = false;
		before.nodes = before.nodes.filter((n) => n.name !== 'Member Sync Check');
		delete before.connections['Member Sync Check'];
		for (const outputs of Object.values(before.connections))
			outputs.main = outputs.main.map((targets) =>
				targets.filter((target) => target.node !== 'Member Sync Check'),
			);
		await stack.n8n.importWorkflow(before);
		await stack.n8n.publishWorkflow(before.id);
		const targets = [
			{ name: 'bundled site sync', url, secret: site.webhookSecret },
			{
				name: 'without the Ghost reads (before)',
				url: stack.n8n.webhookUrl(node(before, 'Ghost Member Trigger').webhookId),
				secret: deriveWebhookSecret(
					site.ghost.adminApiKey,
					node(before, 'Ghost Member Trigger').webhookId,
				),
			},
		];
		await sleep(3000);
		const p50s = [];
		for (const [t, target] of targets.entries()) {
			const members = Array.from({ length: LIGHT_EVENTS }, (_, i) =>
				burstMember(`light${t}x`, `d${t}`, i + 1),
			);
			await site.ghost.insertMembersInDatabase(members);
			const latencies = [];
			for (const member of members) {
				const signed = signedMemberAdded(target.secret, member.email, member.id);
				const sentAt = performance.now();
				const response = await fetch(target.url, {
					method: 'POST',
					headers: signed.headers,
					body: signed.body,
				});
				await response.text();
				while (stateOf(member.email) === undefined) await sleep(2);
				latencies.push(performance.now() - sentAt);
				await sleep(400);
			}
			p50s.push(percentile(latencies, 50));
			console.log(
				`light traffic, ${target.name}: Ghost → Campaign Monitor p50 ${Math.round(percentile(latencies, 50))} ms, p90 ${Math.round(percentile(latencies, 90))} ms (${LIGHT_EVENTS} events, one at a time)`,
			);
		}
		console.log(`light traffic p50: bundled / before = ×${(p50s[0] / p50s[1]).toFixed(2)}`);
	} finally {
		await stack.stop();
	}
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
