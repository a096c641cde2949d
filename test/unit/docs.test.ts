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
});
