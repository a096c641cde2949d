// Campaign Monitor calls, Ghost reads, expressions n8n evaluates and CPU (this one process: n8n-core,
// the simulator and the fake Ghost) per member event, as the site sync spends them, against
// the local simulator and a fake Ghost; then the node's raw throughput (single upserts vs bulk
// import). Prints numbers; asserts nothing. Usage: npm run bench:cm [-- <subscribers>]
require('../scripts/register-ts');
const { startSimulator } = require('../test/cm-simulator/server');
const { FakeGhost } = require('../test/ghost-fake/server');
const { runWorkflow } = require('../test/helpers/workflowRunner.ts');
const { writePath } = require('../test/helpers/writePath.ts');
const { processState } = require('../nodes/helpers/processState.ts');
const { DEFAULT_GHOST_FIELDS } = require('../nodes/domain/sync/ghostFields.ts');
const { Expression } = require('n8n-workflow');

// Expressions n8n evaluates (each about half a millisecond in its sandbox): counted, not timed, so
// a change in what the nodes ask of n8n shows exactly, whatever the machine's noise.
let expressionsEvaluated = 0;
const resolveParameterValue = Expression.prototype.resolveSimpleParameterValue;
Expression.prototype.resolveSimpleParameterValue = function (value, ...rest) {
	if (typeof value === 'string' && value.startsWith('=')) expressionsEvaluated++;
	return resolveParameterValue.call(this, value, ...rest);
};

const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;

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

// What the live sync does: Member Status Diff (reads the member from Ghost), Add or Update, Member
// Sync Check (reads it again), for a stream of events, `perExecution` events per execution (1: one
// execution per Ghost delivery; more: the trigger's batch in a burst).
async function measureEvents(name, sim, ghost, { events, perExecution, edit }) {
	sim.reset();
	processState.fieldDefinitions.clear();
	for (const spec of DEFAULT_GHOST_FIELDS) sim.account.createCustomField(LIST, spec);
	const members = Array.from({ length: events }, (_, i) => ghostMember(i));
	for (const m of members) ghost.setMember(m);
	if (edit) {
		// The members exist in Campaign Monitor already; the events are edits (a new label).
		await runWorkflow(writePath(members.map(signup), LIST), credentials(sim, ghost));
		for (const m of members) ghost.setMember({ ...m, labels: [{ id: 'l2', name: 'Edited' }] });
		sim.reset();
	}
	const ghostBefore = ghost.requests;
	const expressionsBefore = expressionsEvaluated;
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	for (let i = 0; i < events; i += perExecution) {
		const input = members
			.slice(i, i + perExecution)
			.map((m) =>
				edit ? { ...signup(m), event: 'member.edited', previous: { labels: [] } } : signup(m),
			);
		const result = await runWorkflow(writePath(input, LIST), credentials(sim, ghost), {
			mode: 'trigger',
		});
		if (result.error) throw result.error;
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpu = process.cpuUsage(cpuBefore);
	const cpuMs = (cpu.user + cpu.system) / 1000 / events;
	const expressions = (expressionsEvaluated - expressionsBefore) / events;
	const calls = sim.requests.total;
	const reads = ghost.requests - ghostBefore;
	console.log(
		`${name.padEnd(46)} ${String(events).padStart(5)} events ${seconds.toFixed(2).padStart(6)} s ${(calls / events).toFixed(3).padStart(6)} Campaign Monitor calls/event ${(reads / events).toFixed(3).padStart(6)} Ghost reads/event ${cpuMs.toFixed(2).padStart(6)} CPU ms/event ${expressions.toFixed(2).padStart(5)} expressions/event`,
	);
	return { calls: calls / events, reads: reads / events };
}

const ghostMember = (i) => ({
	id: (0x65e2ee2f3c1a4b0001000000n + BigInt(i)).toString(16).padStart(24, '0'),
	email: `member${i}@example.com`,
	name: `Member ${i}`,
	status: i % 5 === 0 ? 'paid' : 'free',
	subscribed: true,
	newsletters: [{ id: 'n1', name: 'Weekly', status: 'active' }],
	labels: [],
	tiers: [],
	subscriptions: [],
	created_at: '2026-03-02T09:14:07.000Z',
	updated_at: '2026-03-02T09:14:07.000Z',
});

const signup = (m) => ({
	event: 'member.added',
	site: 'bench',
	memberId: m.id,
	member: m,
	previous: {},
	changedKeys: [],
	receivedAt: '2026-03-02T09:14:08.000Z',
});

const credentials = (sim, ghost) => ({
	campaignMonitorApi: { apiKey: 'sim-api-key', baseUrl: sim.url, allowHttp: true },
	ghostMembersAdminApi: { url: ghost.url, apiKey: ADMIN_KEY, allowHttp: true },
});

(async () => {
	const sim = await startSimulator();
	const ghost = await new FakeGhost({ members: [], adminKey: ADMIN_KEY }).listen();
	const events = Math.min(COUNT, 500);
	const rows = [];
	for (const [edit, label] of [
		[false, 'signups'],
		[true, 'edits'],
	]) {
		for (const perExecution of [1, 25]) {
			const name = `${label}, ${perExecution === 1 ? 'one event per execution' : `${perExecution} events per execution (a burst)`}`;
			rows.push({
				name,
				...(await measureEvents(name, sim, ghost, { events, perExecution, edit })),
			});
		}
	}
	console.log(
		`per event: Campaign Monitor ${rows.map((r) => r.calls.toFixed(3)).join(' / ')} calls, Ghost ${rows.map((r) => r.reads.toFixed(3)).join(' / ')} reads (signups 1 and 25 per execution, edits 1 and 25); ghost-cm-sync spent 1 to 2 Campaign Monitor calls per event and no Ghost read`,
	);
	console.log(
		`node ${process.version}; simulator and fake Ghost on loopback; ${COUNT} subscribers, 3 mapped custom fields`,
	);
	await ghost.close();
	// Many items in one execution: Add or Update imports them together, as the Import operation does.
	const unlimited = { requestOptions: { requestsPerSecond: 100000, burst: 100000 } };
	await measure('Add or Update, all items in one execution', sim, workflow('add', unlimited));
	await measure('Import (1000 per call)', sim, workflow('import', unlimited));
	await measure('Import, default rate limit (10/s)', sim, workflow('import'));
	await sim.close();
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
