/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end harness: runs under Jest; never shipped */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator, type CampaignMonitorSimulator } from '../cm-simulator/server';
import { ENSURED_GHOST_FIELDS } from '../../nodes/domain/sync/ghostFields';
import { GhostSite } from '../harness/ghost';
import { N8nInstance } from '../harness/n8n';
import { buildAndPack, REPO_ROOT } from '../harness/package';
import { assertPeersInstalled, N8N_VERSION } from '../harness/peers';
import { waitFor } from '../harness/processes';
import { LocalRegistry, NPM_REGISTRY_HOST, RegistryProxy } from '../harness/registry';
import { siteSyncWorkflow } from '../harness/workflows';

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n: { nodes: string[] };
};
const LIST_ID = 'a'.repeat(32);

/**
 * The README's install path: Settings → Community Nodes → Install, by name, from the registry.
 * The packed package is published to a local registry (Verdaccio, no uplink) that answers for
 * registry.npmjs.org through a proxy on loopback; n8n's own installer does the rest (its package
 * checks, `npm pack` and `npm install` in ~/.n8n/nodes, loading the nodes without a restart).
 */
describe(`Installed by n8n's own installer from a registry (n8n ${N8N_VERSION})`, () => {
	const workDir = mkdtempSync(join(tmpdir(), 'ghost-cm-e2e-install-'));
	let registry: LocalRegistry;
	let proxy: RegistryProxy;
	let n8n: N8nInstance;
	let ghost: GhostSite;
	let cm: CampaignMonitorSimulator;
	let installed: Awaited<ReturnType<N8nInstance['installCommunityPackage']>>;
	let installMs = 0;

	beforeAll(async () => {
		assertPeersInstalled();
		const [tarball, site] = await Promise.all([
			buildAndPack(),
			GhostSite.start(join(workDir, 'ghost')),
		]);
		ghost = site;
		registry = await LocalRegistry.start(join(workDir, 'registry'));
		await registry.publish(tarball);
		proxy = await RegistryProxy.start(join(workDir, 'proxy'), registry);
		cm = await startSimulator({ seed: 'empty', port: 0, rateLimit: null });
		cm.account.addClient({ ClientID: 'c'.repeat(32), Name: 'Publisher' });
		cm.account.addList('c'.repeat(32), { ListID: LIST_ID, Title: 'Members' });
		for (const spec of ENSURED_GHOST_FIELDS) cm.account.createCustomField(LIST_ID, spec);

		n8n = await N8nInstance.empty(join(workDir, 'n8n'));
		Object.assign(n8n.env, proxy.n8nEnv);
		await n8n.start();
		const started = Date.now();
		installed = await n8n.installCommunityPackage(PACKAGE.name);
		installMs = Date.now() - started;
		// eslint-disable-next-line no-console -- the install's time goes into the closing note
		console.log(`install through n8n's installer: ${installMs} ms`);
	}, 900_000);

	afterAll(async () => {
		await n8n?.stop();
		await ghost?.stop();
		await cm?.close();
		await proxy?.stop();
		await registry?.stop();
	});

	it('installs the version the registry has, with every node the package declares', () => {
		expect(installed.packageName).toBe(PACKAGE.name);
		expect(installed.installedVersion).toBe(PACKAGE.version);
		expect(installed.installedNodes.length).toBe(PACKAGE.n8n.nodes.length);
		// n8n fetched the package from the registry (its metadata, then the tarball), and asked
		// nothing else of the internet but its ban list, which the proxy refused.
		expect(proxy.requests.some((r) => r.startsWith(`GET /${PACKAGE.name}`))).toBe(true);
		expect(proxy.requests.some((r) => r.endsWith('.tgz'))).toBe(true);
		expect(proxy.refused.every((host) => host !== NPM_REGISTRY_HOST)).toBe(true);
		// Where the README says it goes, without devDependencies (n8n strips them).
		const installedJson = join(workDir, 'n8n', '.n8n', 'nodes', 'node_modules', PACKAGE.name);
		expect(existsSync(join(installedJson, 'package.json'))).toBe(true);
		expect(existsSync(join(installedJson, 'node_modules'))).toBe(false);
	});

	it('a bundled workflow imported and published as the README says, without a restart: a Ghost signup reaches Campaign Monitor', async () => {
		await n8n.importCredentials([
			{
				id: 'ghostSiteACred01',
				name: 'Ghost A',
				type: 'ghostMembersAdminApi',
				data: { url: ghost.url, apiKey: ghost.adminApiKey, allowHttp: true },
			},
			{
				id: 'cmSimulatorCred1',
				name: 'Campaign Monitor (simulator)',
				type: 'campaignMonitorApi',
				data: { apiKey: 'sim-api-key', baseUrl: cm.url, allowHttp: true },
			},
		]);
		await n8n.importAndPublish(
			siteSyncWorkflow({
				key: 'A',
				listId: LIST_ID,
				ghostCredentialId: 'ghostSiteACred01',
				cmCredentialId: 'cmSimulatorCred1',
			}),
			'Ghost Member Trigger',
		);
		await waitFor('webhooks in Ghost', async () => (await ghost.webhooks()).length === 3);
		await ghost.admin('POST', '/members/', {
			members: [{ email: 'installed.reader@example.com', name: 'Installed Reader' }],
		});
		const subscriber = await waitFor(
			'the new subscriber',
			async () =>
				cm.account
					.snapshot()
					.lists.find((list) => list.ListID === LIST_ID)
					?.subscribers.find((s) => s.EmailAddress === 'installed.reader@example.com'),
			{ timeoutMs: 60_000 },
		);
		expect(subscriber).toMatchObject({ Name: 'Installed Reader', State: 'Active' });
	});
});
