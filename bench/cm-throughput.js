// Campaign Monitor node throughput against the local simulator: single upserts vs bulk import.
// Prints numbers; asserts nothing. Usage: npm run bench:cm [-- <subscribers>]
require('../scripts/register-ts');
const { startSimulator } = require('../test/cm-simulator/server');
const { runWorkflow } = require('../test/helpers/workflowRunner.ts');
const { fieldDefinitionCache } = require('../nodes/shared/cmFieldCache.ts');

const LIST = 'a58ee1d3039b8bec838e6d1482a8a965';
const COUNT = Number(process.argv[2] || 2000);

function workflow(operation, extra = {}) {
	return {
		nodes: [
			{
				id: 'bench-node',
				name: 'Campaign Monitor',
				type: 'n8n-nodes-ghost-campaign-monitor.campaignMonitor',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					resource: 'subscriber',
					operation,
					list: { __rl: true, mode: 'id', value: LIST },
					email: '={{ $json.email }}',
					name: '={{ $json.name }}',
					customFields: {
						mappingMode: 'defineBelow',
						value: {
							ghost_status: '={{ $json.status }}',
							ghost_signup_date: '={{ $json.created_at }}',
							ghost_labels: '={{ $json.labels }}',
						},
					},
					...extra,
				},
				credentials: { campaignMonitorApi: { id: '1', name: 'CM' } },
			},
		],
		connections: {},
		input: Array.from({ length: COUNT }, (_, i) => ({
			email: `member${i}@example.com`,
			name: `Member ${i}`,
			status: i % 5 === 0 ? 'paid' : 'free',
			created_at: '2026-03-02T09:14:07.000Z',
			labels: ['Newsletter', `cohort-${i % 12}`],
		})),
	};
}

async function measure(name, sim, wf) {
	sim.reset();
	for (const [FieldName, DataType] of [
		['ghost_status', 'Text'],
		['ghost_signup_date', 'Date'],
		['ghost_labels', 'Text'],
	]) {
		sim.account.createCustomField(LIST, { FieldName, DataType });
	}
	const started = process.hrtime.bigint();
	const result = await runWorkflow(wf, {
		campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (result.error) throw result.error;
	const stored = sim.account.snapshot().lists.find((l) => l.ListID === LIST).subscribers.length;
	if (stored !== COUNT) throw new Error(`${name}: ${stored} subscribers stored, expected ${COUNT}`);
	const calls = sim.requests.total;
	console.log(
		`${name.padEnd(44)} ${String(COUNT).padStart(6)} subs ${seconds.toFixed(2).padStart(7)} s ${Math.round(
			COUNT / seconds,
		)
			.toLocaleString('en')
			.padStart(
				8,
			)} subs/s ${String(calls).padStart(6)} calls ${((calls / COUNT) * 1000).toFixed(1).padStart(7)} calls/1000 subs`,
	);
}

// What the live sync does: one execution per Ghost event, one item each.
async function measureStream(name, sim, events, { cache }) {
	sim.reset();
	fieldDefinitionCache.clear();
	for (const [FieldName, DataType] of [
		['ghost_status', 'Text'],
		['ghost_signup_date', 'Date'],
		['ghost_labels', 'Text'],
	]) {
		sim.account.createCustomField(LIST, { FieldName, DataType });
	}
	const single = workflow('add', { requestOptions: { requestsPerSecond: 100000, burst: 100000 } });
	const started = process.hrtime.bigint();
	for (let i = 0; i < events; i++) {
		if (!cache) fieldDefinitionCache.clear();
		const result = await runWorkflow(
			{ ...single, input: [single.input[i]] },
			{ campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true } },
		);
		if (result.error) throw result.error;
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const calls = sim.requests.total;
	const reads = sim.requests.byRoute['GET /lists/{id}/customfields.json'] ?? 0;
	console.log(
		`${name.padEnd(44)} ${String(events).padStart(6)} events ${seconds.toFixed(2).padStart(6)} s ${String(calls).padStart(6)} calls ${(calls / events).toFixed(3).padStart(7)} calls/event (${reads} custom-field reads)`,
	);
	return calls / events;
}

(async () => {
	const sim = await startSimulator();
	const events = Math.min(COUNT, 500);
	const cached = await measureStream('single-item executions, field cache on', sim, events, {
		cache: true,
	});
	const uncached = await measureStream('single-item executions, no cache (before)', sim, events, {
		cache: false,
	});
	console.log(
		`calls per add/edit event: ${cached.toFixed(3)} with the cache vs ${uncached.toFixed(3)} without (${(uncached / cached).toFixed(2)}x fewer calls)`,
	);
	console.log(
		`node ${process.version}; simulator on loopback; ${COUNT} subscribers, 3 mapped custom fields`,
	);
	// The node's default limit (10 requests/s per list) would make single upserts take COUNT/10 s;
	// lifting it measures the node and transport themselves.
	const unlimited = { requestOptions: { requestsPerSecond: 100000, burst: 100000 } };
	await measure('single upserts (Add or Update), no rate limit', sim, workflow('add', unlimited));
	await measure('bulk import (1000 per call)', sim, workflow('import', unlimited));
	await measure('bulk import, default rate limit (10/s)', sim, workflow('import'));
	console.log(
		`with the default limit of 10 requests/s per list, single upserts top out at 10 subs/s (${COUNT} take ~${Math.round(COUNT / 10)} s)`,
	);
	await sim.close();
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
