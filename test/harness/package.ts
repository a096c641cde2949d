/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- end-to-end harness: runs under Jest, starts the real servers, reads their JSON; never shipped (package.json "files": ["dist"]) */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { runCommand } from './processes';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * Builds the package and packs it as npm would publish it; returns the tarball's path. Under
 * `npm run test:all` the suites share the one tarball it packed after its build
 * (E2E_PACKAGE_TARBALL): suites running side by side must not rebuild dist/ under each other.
 */
export async function buildAndPack(): Promise<string> {
	const shared = process.env.E2E_PACKAGE_TARBALL;
	if (shared) return shared;
	await runCommand('npm', ['run', 'build'], { cwd: REPO_ROOT });
	const outDir = mkdtempSync(join(tmpdir(), 'ghost-cm-pack-'));
	await runCommand('npm', ['pack', '--pack-destination', outDir], { cwd: REPO_ROOT });
	const tarball = readdirSync(outDir).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return join(outDir, tarball);
}

/**
 * The release before this one, for the update tests: this package with the full sync defined as
 * an earlier release had it (a smaller detail limit) and an earlier version number, packed.
 */
export async function packPreviousRelease(tarball: string): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'ghost-cm-previous-'));
	await runCommand('tar', ['xzf', tarball, '-C', dir], { cwd: dir });
	const definition = join(dir, 'package', 'dist', 'nodes', 'domain', 'workflows', 'fullSync.js');
	const source = readFileSync(definition, 'utf8');
	if (!source.includes('detailLimit: 1000'))
		throw new Error('fullSync.js changed: update the patch');
	writeFileSync(definition, source.replace('detailLimit: 1000', 'detailLimit: 500'));
	const manifest = join(dir, 'package', 'package.json');
	const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
	writeFileSync(manifest, JSON.stringify({ ...pkg, version: '0.0.1' }, null, 2));
	const outDir = mkdtempSync(join(tmpdir(), 'ghost-cm-pack-previous-'));
	await runCommand('npm', ['pack', '--pack-destination', outDir], { cwd: join(dir, 'package') });
	const packed = readdirSync(outDir).find((file) => file.endsWith('.tgz'));
	if (!packed) throw new Error('npm pack produced no tarball');
	return join(outDir, packed);
}
