/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { runCommand } from './processes';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Builds the package and packs it as npm would publish it; returns the tarball's path. */
export async function buildAndPack(): Promise<string> {
	await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const outDir = mkdtempSync(join(tmpdir(), 'ghost-cm-pack-'));
	await runCommand('npm', ['pack', '--pack-destination', outDir], { cwd: REPO_ROOT });
	const tarball = readdirSync(outDir).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return join(outDir, tarball);
}
