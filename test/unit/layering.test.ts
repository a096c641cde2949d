/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- unit test: reads the package's own sources from disk; never shipped */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The package's layers, read from its own imports: nodes/domain is plain TypeScript (no n8n, nothing
// from the layers above it), no node folder reaches into another, and no import cycle anywhere.

const root = resolve(__dirname, '..', '..');
const SHARED_FOLDERS = ['domain', 'helpers', 'transport'];

function tsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return tsFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

const files = [...tsFiles(join(root, 'nodes')), ...tsFiles(join(root, 'credentials'))];
const rel = (path: string) => relative(root, path);

/** Relative imports of each file, resolved to files; bare imports kept as names. */
const graph = new Map<string, { local: string[]; bare: string[] }>();
for (const file of files) {
	const local: string[] = [];
	const bare: string[] = [];
	for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
		if (!spec.startsWith('.')) {
			bare.push(spec);
			continue;
		}
		const target = resolve(dirname(file), spec);
		const found = [`${target}.ts`, join(target, 'index.ts')].find((path) => existsSync(path));
		if (!found) throw new Error(`${rel(file)} imports ${spec}, which is not a file here`);
		local.push(found);
	}
	graph.set(file, { local, bare });
}

const folderOf = (file: string) => rel(file).split('/').slice(0, 2).join('/');

describe('the package’s layers (its own imports)', () => {
	it('reads every source file of nodes/ and credentials/', () => {
		expect(files.length).toBeGreaterThan(50);
	});

	it('has no import cycle', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const stack: string[] = [];
		const visit = (file: string) => {
			state.set(file, 'open');
			stack.push(file);
			for (const next of graph.get(file)!.local) {
				if (state.get(next) === 'open') {
					cycles.push(stack.slice(stack.indexOf(next)).concat(next).map(rel).join(' → '));
				} else if (!state.has(next)) visit(next);
			}
			stack.pop();
			state.set(file, 'done');
		};
		for (const file of files) if (!state.has(file)) visit(file);
		expect(cycles).toEqual([]);
	});

	it('keeps nodes/domain plain: no n8n, nothing from the folders above it', () => {
		const wrong = [...graph]
			.filter(([file]) => rel(file).startsWith('nodes/domain/'))
			.flatMap(([file, { local, bare }]) => [
				...local
					.filter((t) => !rel(t).startsWith('nodes/domain/'))
					.map((t) => `${rel(file)} → ${rel(t)}`),
				...bare.filter((name) => name.startsWith('n8n-')).map((name) => `${rel(file)} → ${name}`),
			]);
		expect(wrong).toEqual([]);
	});

	it('lets no node folder import another node’s folder', () => {
		const wrong = [...graph].flatMap(([file, { local }]) =>
			local
				.filter((target) => {
					const [from, to] = [folderOf(file), folderOf(target)];
					const shared = SHARED_FOLDERS.some((name) => to === `nodes/${name}`);
					return from !== to && to.startsWith('nodes/') && !shared;
				})
				.map((target) => `${rel(file)} → ${rel(target)}`),
		);
		expect(wrong).toEqual([]);
	});

	it('lets nodes/transport use of nodes/helpers only the process state', () => {
		const wrong = [...graph]
			.filter(([file]) => rel(file).startsWith('nodes/transport/'))
			.flatMap(([file, { local }]) =>
				local
					.filter((t) => rel(t).startsWith('nodes/helpers/'))
					.filter((t) => rel(t) !== 'nodes/helpers/processState.ts')
					.map((t) => `${rel(file)} → ${rel(t)}`),
			);
		expect(wrong).toEqual([]);
	});

	// Nodes only adapt: a node's files and the helpers read at once. The clients (transport) and
	// the plain rules (domain) may be longer, one service or one rule set per file.
	it('keeps every file of a node folder and of nodes/helpers under 250 lines', () => {
		const long = files
			.filter((file) => !/^nodes\/(domain|transport)\//.test(rel(file)))
			.map((file) => ({
				file: rel(file),
				lines: readFileSync(file, 'utf8').split('\n').length - 1,
			}))
			.filter(({ lines }) => lines > 250)
			.map(({ file, lines }) => `${file}: ${lines} lines`);
		expect(long).toEqual([]);
	});
});
