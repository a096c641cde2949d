/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- unit test: reads the README and docs/ from disk; never shipped */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = join(__dirname, '..', '..');
const pages = [
	'README.md',
	...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')),
].map((f) => (f === 'README.md' ? join(root, f) : join(root, 'docs', f)));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
	return new Set(
		[...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
			m[1]
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		),
	);
}

describe('README and docs/: a publisher’s README, every detail one click away', () => {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');

	it('the README stays under 15 KB (it is the package page on npm and in n8n)', () => {
		expect(Buffer.byteLength(readme)).toBeLessThan(15_000);
	});

	it('the README links every docs page', () => {
		const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
		for (const page of docs) expect(readme).toContain(`](docs/${page}`);
	});

	for (const page of pages) {
		it(`${page.slice(root.length + 1)}: every relative link and anchor resolves`, () => {
			const text = readFileSync(page, 'utf8');
			for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^[a-z]+:/.test(target)) continue;
				const [path, anchor] = target.split('#');
				const file = path ? resolve(dirname(page), path) : page;
				expect({ target, exists: existsSync(file) }).toEqual({ target, exists: true });
				if (anchor && file.endsWith('.md'))
					expect({ target, anchor: anchors(readFileSync(file, 'utf8')).has(anchor) }).toEqual({
						target,
						anchor: true,
					});
			}
		});
	}

	// Claims that drift when code moves: a file a page names, and an npm script it tells you to run.
	const scripts = (
		JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		}
	).scripts;
	for (const page of pages) {
		it(`${page.slice(root.length + 1)}: every file it names exists, every npm script it names runs`, () => {
			const missing: string[] = [];
			for (const line of readFileSync(page, 'utf8').split('\n')) {
				// Other projects' files (Campaign Monitor's client libraries, the Python service).
				if (/createsend-|\.py`|\.rb`/.test(line)) continue;
				for (const [, code] of line.matchAll(/`([^`]+)`/g)) {
					const named = code.match(
						/^((?:nodes|test|scripts|bench|workflows|credentials|docs|dist|\.ci)\/[^\s:,()]*)/,
					)?.[1];
					// dist/ is the build of nodes/ and credentials/: the source file stands for it.
					const file = named
						?.replace(/[.;]$/, '')
						.replace(/^dist\/(.*?)(\.d)?\.js$/, '$1.ts')
						.replace(/^dist\//, '');
					if (file && !/[<*{…]/.test(file) && !existsSync(join(root, file))) missing.push(named!);
					for (const [, script] of code.matchAll(/npm run ([\w:-]+)/g))
						if (!scripts[script]) missing.push(`npm run ${script}`);
				}
			}
			expect(missing).toEqual([]);
		});
	}
});
