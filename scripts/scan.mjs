// n8n's own community-package scanner (@n8n/scan-community-package), its lint stage run offline
// on the source and on the packed tarball, as n8n runs it before listing a package. Inline
// eslint-disable comments do not count there. Usage: npm run scan (installs the scanner into a
// temporary folder first, with --ignore-scripts; run it after `npm run build`: it packs dist/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SCANNER = '@n8n/scan-community-package@0.32.0';
const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'ghost-cm-scan-'));
try {
	execFileSync(
		'npm',
		[
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-save',
			'--prefix',
			work,
			SCANNER,
		],
		{ stdio: ['ignore', 'ignore', 'inherit'] },
	);
	const scanner = await import(
		pathToFileURL(join(work, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs')).href
	);
	// The tarball npm would publish (dist/ built by n8n-node build), unpacked.
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	execFileSync('tar', ['xzf', join(work, tarball), '-C', work]);
	let failed = false;
	for (const [label, dir, patterns] of [
		['source', root, scanner.SOURCE_FILE_PATTERNS],
		// As n8n's own run scans the published tarball: its compiled .js and its package.json.
		['packed tarball', join(work, 'package'), ['**/*.js', 'package.json']],
	]) {
		const result = await scanner.analyzePackage(dir, patterns);
		console.log(
			`scan (${SCANNER}), ${label}: ${result.passed ? 'passed, 0 errors' : result.message}`,
		);
		if (!result.passed) {
			failed = true;
			console.log(result.details ?? '');
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
