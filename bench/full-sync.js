// Full sync at scale: a fake Ghost serving N members (default 100,000) and the Campaign Monitor
// simulator, each in its own process; the Member Full Sync node runs through n8n-core's
// WorkflowExecute in this one, so its peak RSS is the engine's and the node's alone.
// Prints wall time, peak RSS and HTTP calls; asserts nothing. Usage: npm run bench:full-sync [-- N]
// [--engagement]: with the engagement and signup fields chosen (Optional Ghost Fields).
require('../scripts/register-ts');
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { runWorkflow } = require('../test/helpers/workflowRunner.ts');
const { DEFAULT_GHOST_FIELDS, GHOST_FIELDS } = require('../nodes/domain/sync/ghostFields.ts');

const COUNT = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) || 100000);
const ENGAGEMENT = process.argv.includes('--engagement')
	? GHOST_FIELDS.filter((f) => f.activity || f.signup)
	: [];
const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

function workflow(dryRun) {
	return {
		nodes: [
			{
				id: 'bench-full-sync',
				name: 'Member Full Sync',
				type: 'n8n-nodes-ghost-campaign-monitor.memberFullSync',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					list: { __rl: true, mode: 'id', value: LIST },
					dryRun,
					options: {
						detailLimit: 1000,
						...(ENGAGEMENT.length
							? { optionalGhostFields: ENGAGEMENT.map((f) => f.FieldName) }
							: {}),
					},
					requestOptions: {},
				},
				credentials: {
					ghostMembersAdminApi: { id: 'g', name: 'Ghost' },
					campaignMonitorApi: { id: 'c', name: 'CM' },
				},
			},
		],
		connections: {},
	};
}

/** Starts a server script in its own process and reads the {"url"} line it prints. */
function serve(script, args) {
	const child = spawn(process.execPath, [join(__dirname, '..', script), ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		child.stdout.once('data', (line) => resolve({ child, ...JSON.parse(String(line)) }));
		child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
	});
}

async function getJson(url, headers = {}) {
	return await (await fetch(url, { headers })).json();
}

(async () => {
	const [sim, ghost] = await Promise.all([
		serve('test/cm-simulator/cli.js', ['--port', '0']),
		serve('test/ghost-fake/cli.js', ['--count', String(COUNT), '--admin-key', ADMIN_KEY]),
	]);
	const auth = {
		Authorization: `Basic ${Buffer.from('sim-api-key:x').toString('base64')}`,
		'Content-Type': 'application/json',
	};
	for (const spec of [...DEFAULT_GHOST_FIELDS, ...ENGAGEMENT]) {
		await fetch(`${sim.url}/lists/${LIST}/customfields.json`, {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({ FieldName: spec.FieldName, DataType: spec.DataType }),
		});
	}
	const counts = async () => ({
		ghost: (await getJson(`${ghost.url}/_fake/stats`)).requests,
		cm: (await getJson(`${sim.origin}/_sim/requests`)).total,
	});
	const credentials = {
		ghostMembersAdminApi: {
			url: ghost.url,
			apiKey: ADMIN_KEY,
			allowHttp: true,
			acceptVersion: 'v6.0',
		},
		// The node's default Campaign Monitor limit (10 requests/s per list, burst 20) applies.
		campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
	};
	console.log(
		`node ${process.version}; fake Ghost with ${COUNT.toLocaleString('en')} members (every 10th with the newsletter off) and the CM simulator in their own processes; empty list; ${ENGAGEMENT.length ? `the default fields and ${ENGAGEMENT.map((f) => f.FieldName).join(', ')}` : 'the default fields'}`,
	);
	const baseline = process.memoryUsage().rss;
	for (const [label, dryRun] of [
		['first sync (fills the list)', false],
		['second sync (nothing to do)', false],
		['dry run', true],
	]) {
		const before = await counts();
		peakRss = process.memoryUsage().rss;
		const started = process.hrtime.bigint();
		const result = await runWorkflow(workflow(dryRun), credentials, { mode: 'trigger' });
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		if (result.error) throw result.error;
		const [summary] = result.output('Member Full Sync');
		const after = await counts();
		const ghostCalls = after.ghost - before.ghost;
		const cmCalls = after.cm - before.cm;
		console.log(
			`${label.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  peak RSS ${mb(peakRss).padStart(7)} (${mb(peakRss - baseline)} over the baseline of ${mb(baseline)})  HTTP ${String(ghostCalls + cmCalls).padStart(5)} = Ghost ${ghostCalls} + CM ${cmCalls}  plan ${JSON.stringify(summary.plan)}  output items ${result.output('Member Full Sync').length}`,
		);
		global.gc?.();
	}
	const stats = await getJson(`${sim.url}/lists/${LIST}/stats.json`, auth);
	const ghostStats = await getJson(`${ghost.url}/_fake/stats`);
	console.log(
		`Campaign Monitor list now holds ${stats.TotalActiveSubscribers.toLocaleString('en')} active subscribers; Ghost rejected ${ghostStats.rejected} requests (expired or bad tokens)`,
	);
	clearInterval(sampler);
	sim.child.kill();
	ghost.child.kill();
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
