// Brings the whole stack up and keeps it running (for debugging workflows). Ctrl+C stops it.
require('./register-ts');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startStack } = require('../test/e2e/support/stack.ts');

(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'ghost-cm-dev-'));
	const stack = await startStack(dir, ['A'], (m) => console.log(m));
	console.log(JSON.stringify({ dir, n8n: stack.n8n.url, ghost: stack.sites[0].ghost.url, key: stack.sites[0].ghost.adminApiKey, cm: stack.cm.url }));
	process.on('SIGTERM', () => stack.stop().then(() => process.exit(0)));
})().catch((e) => { console.error(e); process.exit(1); });
