import fc from 'fast-check';
import type { INodeExecutionData, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import {
	plainReferencePath,
	readPlainReference,
	resolveWithoutEngine,
} from '../../nodes/helpers/plainReference';

/** n8n's own expression engine, as a node parameter meets it for item 0. */
const nodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;
const workflow = new Workflow({
	nodes: [
		{
			id: '1',
			name: 'Node',
			type: 'test.node',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	],
	connections: {},
	active: false,
	nodeTypes,
});
const byEngine = (expression: string, json: object) =>
	workflow.expression.getParameterValue(
		expression,
		null,
		0,
		0,
		'Node',
		[{ json } as INodeExecutionData],
		'manual',
		{},
	);

describe('plain $json references, read without the expression engine', () => {
	it('knows a plain reference from every other expression', () => {
		expect(plainReferencePath('={{ $json.campaignMonitor.fields.ghost_status }}')).toEqual([
			'campaignMonitor',
			'fields',
			'ghost_status',
		]);
		expect(plainReferencePath('={{$json.cmListId}}')).toEqual(['cmListId']);
		for (const other of [
			"={{ $json.previous.email || '' }}",
			'={{ $json.campaignMonitor?.listEmail }}',
			"={{ $('Settings').item.json.cmListId }}",
			'={{ $json.name.toUpperCase() }}',
			'={{ $json["name"] }}',
			'={{ $json.a }} and more',
			'={{ $json.__proto__.x }}',
			'={{ $json.constructor }}',
			'$json.name',
			42,
		])
			expect(plainReferencePath(other)).toBeUndefined();
	});

	it('reads a path whose steps exist and that ends in a primitive or a missing key', () => {
		const json = { a: { b: 'x', n: 0, f: false, z: null, o: { p: 1 }, l: [1] } };
		expect(readPlainReference(json, ['a', 'b'])).toEqual({ value: 'x' });
		expect(readPlainReference(json, ['a', 'n'])).toEqual({ value: 0 });
		expect(readPlainReference(json, ['a', 'f'])).toEqual({ value: false });
		expect(readPlainReference(json, ['a', 'z'])).toEqual({ value: null });
		expect(readPlainReference(json, ['a', 'o'])).toBeUndefined();
		expect(readPlainReference(json, ['a', 'l'])).toBeUndefined();
		expect(readPlainReference(json, ['a', 'missing'])).toEqual({ value: undefined });
		expect(readPlainReference(json, ['gone', 'missing'])).toBeUndefined();
		expect(readPlainReference(json, ['a', 'toString'])).toBeUndefined();
		expect(readPlainReference(json, ['a', 'b', 'length'])).toBeUndefined();
		expect(readPlainReference(json, ['toString'])).toBeUndefined();
		expect(resolveWithoutEngine('literal text', json)).toEqual({ value: 'literal text' });
		expect(resolveWithoutEngine(7, json)).toEqual({ value: 7 });
	});

	it('gives exactly what n8n’s engine gives, whenever it answers at all', () => {
		const key = fc.constantFrom('a', 'b', 'fields', 'ghost_status', 'x1', '$y', '_z');
		const leaf = fc.oneof(
			fc.string(),
			fc.integer(),
			fc.double({ noNaN: true, noDefaultInfinity: true }),
			fc.boolean(),
			fc.constant(null),
		);
		const tree = fc.letrec((tie) => ({
			node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node')), {
				maxKeys: 4,
			}),
		})).node;
		// Paths mostly walk the generated JSON (so most are answered), sometimes step off it.
		const walk = (json: object, picks: number[]) => {
			const path: string[] = [];
			let current: unknown = json;
			for (const pick of picks) {
				if (path.length && (current === null || typeof current !== 'object')) break;
				const keys = current && typeof current === 'object' ? Object.keys(current as object) : [];
				const step = keys.length && pick % 5 !== 4 ? keys[pick % keys.length] : 'x1';
				path.push(step);
				current = (current as Record<string, unknown> | undefined)?.[step];
			}
			return path;
		};
		let answered = 0;
		fc.assert(
			fc.property(tree, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (json, picks) => {
				const expression = `={{ $json.${walk(json, picks).join('.')} }}`;
				const read = resolveWithoutEngine(expression, json);
				if (!read) return;
				answered++;
				expect(read.value).toStrictEqual(byEngine(expression, json));
			}),
			{ numRuns: 300 },
		);
		expect(answered).toBeGreaterThan(100);
	});
});
