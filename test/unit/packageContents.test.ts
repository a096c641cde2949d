/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- reads the packed file list through npm; never shipped */
// What `npm publish` would ship, read from `npm pack --dry-run --json` on the built package
// (npm run build first; test:all does).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
}

describe('the published tarball', () => {
	let files: string[];
	beforeAll(() => {
		if (!existsSync(join(root, 'dist', 'nodes')))
			throw new Error('dist/ is missing: run npm run build first');
		files = packedFiles();
	});

	it('ships every node and credential n8n loads, with their codex and icons', () => {
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
			expect(files).toContain(entry);
		for (const node of manifest.n8n.nodes) expect(files).toContain(node.replace(/\.js$/, '.json'));
		expect(files.filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(
			manifest.n8n.nodes.length,
		);
	});

	it('ships the bundled workflows ready to import', () => {
		const workflows = readdirSync(join(root, 'workflows')).filter((f) => f.endsWith('.json'));
		expect(workflows.length).toBeGreaterThanOrEqual(4);
		for (const workflow of workflows) expect(files).toContain(`workflows/${workflow}`);
	});

	it('ships no build info, images, sources or tests', () => {
		const unwanted = files.filter(
			(f) =>
				f.endsWith('.tsbuildinfo') ||
				/\.(png|jpe?g|gif)$/i.test(f) ||
				(f.endsWith('.ts') && !f.endsWith('.d.ts')) ||
				/^(test|bench|scripts|docs|nodes|credentials|\.github|\.ci)\//.test(f),
		);
		expect(unwanted).toEqual([]);
	});

	it('ships only dist/, workflows/, the CHANGELOG and the files npm always adds', () => {
		const outside = files.filter((f) => !f.startsWith('dist/') && !f.startsWith('workflows/'));
		expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE.md', 'README.md', 'package.json']);
	});
});
