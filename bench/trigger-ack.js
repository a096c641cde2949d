// How fast n8n acknowledges Ghost's webhooks: the Ghost Member Trigger (automatic and manual mode)
// against n8n's own Webhook node, in the same real n8n 2.40.7, loaded with autocannon using a real
// Ghost member.added body (each request a distinct member, signed with a fresh timestamp), at 1, 8
// and 32 connections, under n8n's default settings and under the setting the README recommends.
// Every acknowledged request must have started one execution: executions may exceed acks only by
// requests still in flight when autocannon stopped counting (at most one per connection).
// Prints numbers; asserts nothing. Usage: npm run build && npm run bench:trigger [-- <seconds per row>]
require('../scripts/register-ts');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { assertPeersInstalled, N8N_VERSION } = require('../test/harness/peers.ts');
const { buildAndPack } = require('../test/harness/package.ts');
const { N8nInstance } = require('../test/harness/n8n.ts');
const { waitFor } = require('../test/harness/processes.ts');
const { FakeGhost } = require('../test/ghost-fake/server');
const {
	ADMIN_KEY,
	workflows,
	loadTarget,
	importBenchWorkflows,
	benchTargets,
	executionsOf,
} = require('./lib/ackTargets');

const SECONDS = Number(process.argv[2] || 5);
const CONNECTIONS = [1, 8, 32];

const CONFIGS = [
	{ name: 'n8n defaults', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'false' } },
	// The setting the README's "Tuning n8n for Ghost webhooks" recommends.
	{
		name: 'recommended (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true)',
		env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' },
	},
];

async function runConfig(config, tarball, ghost) {
	const dir = mkdtempSync(join(tmpdir(), 'ghost-cm-bench-trigger-'));
	const n8n = await N8nInstance.create(join(dir, 'n8n'), tarball);
	// Every run saved, so executions can be counted against acknowledgements.
	Object.assign(n8n.env, { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', ...config.env });
	await importBenchWorkflows(n8n, ghost);
	await n8n.start();
	try {
		const targets = await benchTargets(n8n, n8n.url);
		const rows = [];
		for (const connections of CONNECTIONS) {
			const anchor = {};
			for (const target of targets) {
				const before = await executionsOf(n8n, target.workflow.id);
				const result = await loadTarget(target, {
					connections,
					seconds: SECONDS,
					timeoutSeconds: 5,
				});
				const acknowledged = result.acknowledged;
				const executions = await waitFor(
					`${target.name}: executions`,
					async () => {
						const count = (await executionsOf(n8n, target.workflow.id)) - before;
						return count >= acknowledged ? count : false;
					},
					{ timeoutMs: 180_000 },
				).catch(async () => (await executionsOf(n8n, target.workflow.id)) - before);
				const row = {
					config: config.name,
					target: target.name,
					connections,
					reqPerSec: result.requestsPerSecond,
					p50: result.p50,
					p99: result.p99,
					timeouts: result.timeouts,
					over2s: result.max > 2000 ? '(max > 2 s)' : '',
					acknowledged,
					executions,
				};
				if (target.workflow === workflows.webhook) Object.assign(anchor, row);
				row.p50Ratio = row.p50 / Math.max(anchor.p50, 1);
				row.p99Ratio = row.p99 / Math.max(anchor.p99, 1);
				rows.push(row);
				console.log(
					`${config.name.slice(0, 12).padEnd(12)} ${target.name.padEnd(33)} c=${String(connections).padStart(2)} ${row.reqPerSec.toFixed(1).padStart(6)} req/s  p50 ${String(row.p50).padStart(5)} ms  p99 ${String(row.p99).padStart(5)} ms  timeouts ${row.timeouts}  ${row.over2s.padEnd(11)} acks ${acknowledged}, executions ${executions}${executions >= acknowledged && executions <= acknowledged + connections ? '' : '  MISMATCH'}  p50 ×${row.p50Ratio.toFixed(2)} p99 ×${row.p99Ratio.toFixed(2)} of the Webhook node`,
				);
			}
		}
		return rows;
	} finally {
		await n8n.stop();
	}
}

(async () => {
	assertPeersInstalled();
	const ghost = await new FakeGhost({ members: [], adminKey: ADMIN_KEY }).listen();
	const tarball = await buildAndPack();
	console.log(
		`bench:trigger — ${SECONDS} s per row, real n8n ${N8N_VERSION}, node ${process.version}, autocannon; ratios are against n8n's own Webhook node in the same run`,
	);
	try {
		for (const config of CONFIGS) await runConfig(config, tarball, ghost);
	} finally {
		await ghost.close();
	}
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
