// npm run test:smoke: the e2e's core on the newest n8n 2.x (test/harness/peers/versions.env,
// N8N_LATEST_VERSION; N8N_SMOKE_VERSION overrides it): site sync signup/edit/delete, dead letters and
// their replay, catch-up and full sync (sync.e2e), Campaign Monitor → Ghost (cmToGhost.e2e) and
// the install through n8n's own installer (install.e2e). The full suite runs on the pinned n8n.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// versions.env is read in one place: the e2e harness's peers module.
const require = createRequire(import.meta.url);
require('./register-ts');
const { peerVersions: versions } = require('../test/harness/peers.ts');
const version = process.env.N8N_SMOKE_VERSION || versions.N8N_LATEST_VERSION;
const env = { ...process.env, N8N_VERSION: version };
const run = (command, args) => {
	const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
};

const started = Date.now();
console.log(`smoke: n8n ${version}`);
run('bash', ['test/harness/peers/install.sh', 'n8n']);
run('npx', [
	'jest',
	'--config',
	'test/e2e/jest.config.js',
	'--runInBand',
	'test/e2e/sync.e2e.test.ts',
	'test/e2e/cmToGhost.e2e.test.ts',
	'test/e2e/install.e2e.test.ts',
]);
console.log(`smoke: n8n ${version} passed in ${Math.round((Date.now() - started) / 1000)} s`);
