import type { INodeProperties, INodeType } from 'n8n-workflow';

import { CampaignMonitor } from '../../nodes/CampaignMonitor/CampaignMonitor.node';
import { GhostMemberTrigger } from '../../nodes/GhostMemberTrigger/GhostMemberTrigger.node';
import { GhostMembers } from '../../nodes/GhostMembers/GhostMembers.node';
import { MemberFullSync } from '../../nodes/MemberFullSync/MemberFullSync.node';
import { MemberStatusDiff } from '../../nodes/MemberStatusDiff/MemberStatusDiff.node';

/** Every method a property names for the editor (pickers, option lists, mappers), found anywhere in it. */
function namedMethods(
	properties: unknown,
): Array<{ kind: 'listSearch' | 'loadOptions' | 'resourceMapping'; name: string }> {
	const found: Array<{ kind: 'listSearch' | 'loadOptions' | 'resourceMapping'; name: string }> = [];
	const walk = (value: unknown) => {
		if (Array.isArray(value)) return value.forEach(walk);
		if (value === null || typeof value !== 'object') return;
		const record = value as Record<string, unknown>;
		if (typeof record.searchListMethod === 'string')
			found.push({ kind: 'listSearch', name: record.searchListMethod });
		if (typeof record.loadOptionsMethod === 'string')
			found.push({ kind: 'loadOptions', name: record.loadOptionsMethod });
		if (typeof record.resourceMapperMethod === 'string')
			found.push({ kind: 'resourceMapping', name: record.resourceMapperMethod });
		Object.values(record).forEach(walk);
	};
	walk(properties);
	return found;
}

const nodes: Array<[string, INodeType]> = [
	['Campaign Monitor', new CampaignMonitor()],
	['Ghost Member Trigger', new GhostMemberTrigger()],
	['Ghost Members', new GhostMembers()],
	['Member Full Sync', new MemberFullSync()],
	['Member Status Diff', new MemberStatusDiff()],
];

describe('editor methods: what a node’s properties name, the node has', () => {
	it.each(nodes)('%s', (_name, node) => {
		const named = namedMethods(node.description.properties as INodeProperties[]);
		const missing = named.filter(
			({ kind, name }) =>
				typeof (node.methods as Record<string, Record<string, unknown> | undefined>)?.[kind]?.[
					name
				] !== 'function',
		);
		// n8n answers "Node type does not have method defined" when a user opens such a picker.
		expect(missing).toEqual([]);
	});

	it('the list pickers are there to check (Member Status Diff and Member Full Sync use them too)', () => {
		const lists = (node: INodeType) =>
			namedMethods(node.description.properties)
				.filter((m) => m.kind === 'listSearch')
				.map((m) => m.name);
		expect(lists(new MemberStatusDiff())).toContain('searchLists');
		expect(lists(new MemberFullSync())).toEqual(
			expect.arrayContaining(['searchClients', 'searchLists']),
		);
	});
});
