// Acknowledgements in n8n's queue mode against a single n8n process, same machine, same run:
// n8n's Webhook node and the Ghost Member Trigger (automatic), loaded with autocannon at 32
// connections with distinct signed Ghost member.added bodies; in queue mode the load goes to one
// webhook processor (`n8n webhook`) with two workers behind it, on Postgres and Redis.
// Prints numbers; asserts nothing. Usage: npm run build && npm run bench:queue [-- <seconds per row>]
require('../scripts/register-ts');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { assertPeersInstalled, N8N_VERSION } = require('../test/harness/peers.ts');
const { buildAndPack } = require('../test/harness/package.ts');
const { N8nInstance } = require('../test/harness/n8n.ts');
const { QueueMode } = require('../test/harness/queue.ts');
const { FakeGhost } = require('../test/ghost-fake/server');
const { ADMIN_KEY, loadTarget, importBenchWorkflows, benchTargets } = require('./lib/ackTargets');

const SECONDS = Number(process.argv[2] || 10);
const CONNECTIONS = 32;

async function runMode(mode, tarball, ghost) {
	const dir = mkdtempSync(join(tmpdir(), `ghost-cm-bench-queue-${mode}-`));
	const n8n = await N8nInstance.create(join(dir, 'n8n'), tarball);
	const queue = mode === 'queue' ? await QueueMode.prepare(n8n, dir) : undefined;
	await importBenchWorkflows(n8n, ghost);
	await n8n.start();
	try {
		if (queue) await queue.start(['worker-1', 'worker-2']);
		const targets = (await benchTargets(n8n, queue ? queue.webhookUrl : n8n.url)).slice(0, 2);
		const rows = {};
		for (const target of targets) {
			const result = await loadTarget(target, {
				connections: CONNECTIONS,
				seconds: SECONDS,
				timeoutSeconds: 2,
			});
			rows[target.name] = {
				reqPerSec: result.requestsPerSecond,
				p50: result.p50,
				p99: result.p99,
				timeouts: result.timeouts,
			};
		}
		return rows;
	} finally {
		await queue?.stop();
		await n8n.stop();
	}
}

(async () => {
	assertPeersInstalled();
	const ghost = await new FakeGhost({ members: [], adminKey: ADMIN_KEY }).listen();
	const tarball = await buildAndPack();
	console.log(
		`bench:queue — ${SECONDS} s per row at ${CONNECTIONS} connections, timeout 2 s (Ghost's), real n8n ${N8N_VERSION}, node ${process.version}`,
	);
	try {
		const single = await runMode('single', tarball, ghost);
		const queue = await runMode('queue', tarball, ghost);
		for (const name of Object.keys(single)) {
			for (const [label, row] of [
				['single process', single[name]],
				['queue mode (1 webhook processor, 2 workers)', queue[name]],
			]) {
				console.log(
					`${name.padEnd(33)} ${label.padEnd(44)} ${row.reqPerSec.toFixed(1).padStart(6)} acks/s  p50 ${String(row.p50).padStart(5)} ms  p99 ${String(row.p99).padStart(5)} ms  timeouts ${row.timeouts}`,
				);
			}
			const q = queue[name];
			const s = single[name];
			console.log(
				`${name.padEnd(33)} queue/single: acks/s ×${(q.reqPerSec / s.reqPerSec).toFixed(2)}, p99 ×${(q.p99 / Math.max(s.p99, 1)).toFixed(2)}`,
			);
		}
	} finally {
		await ghost.close();
	}
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
