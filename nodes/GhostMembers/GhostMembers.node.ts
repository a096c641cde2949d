import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { emailFilter } from '../shared/nql';
import { isGhostId } from '../shared/ghostId';
import { ghostAdminRequest, ghostIdPath, ghostMemberPages } from '../transport/ghost';
import { ghostMembersAdminApiTest } from '../transport/credentialTests';
import { memberProperties } from './description';

type Operation = 'getAll' | 'get' | 'getByEmail' | 'updateNewsletters';

async function runOperation(
	this: IExecuteFunctions,
	operation: Operation,
	itemIndex: number,
): Promise<IDataObject[]> {
	if (operation === 'getAll') {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const out: IDataObject[] = [];
		for await (const page of ghostMemberPages.call(this, {
			filter: (options.filter as string) || undefined,
			order: (options.order as string) || undefined,
			include: options.includeTiers ? 'tiers' : undefined,
			limit: Math.min(100, limit),
		})) {
			for (const member of page) {
				if (out.length >= limit) return out;
				out.push(member as IDataObject);
			}
		}
		return out;
	}
	if (operation === 'get') {
		const path = ghostIdPath.call(this, 'members', this.getNodeParameter('memberId', itemIndex, ''), itemIndex);
		const { status, body } = await ghostAdminRequest.call(this, 'GET', path, {
			acceptStatuses: [404],
		});
		if (status === 404)
			throw new NodeOperationError(this.getNode(), 'No Ghost member has this id', { itemIndex });
		return (body.members ?? []) as IDataObject[];
	}
	if (operation === 'getByEmail') {
		const email = String(this.getNodeParameter('email', itemIndex, '')).trim();
		if (!email.includes('@'))
			throw new NodeOperationError(this.getNode(), 'Enter an email address', { itemIndex });
		const { body } = await ghostAdminRequest.call(this, 'GET', '/members/', {
			qs: { filter: emailFilter(email), limit: 1 },
		});
		const [member] = (body.members ?? []) as IDataObject[];
		return [member ? { ...member, found: true } : { email, found: false }];
	}
	const path = ghostIdPath.call(this, 'members', this.getNodeParameter('memberId', itemIndex, ''), itemIndex);
	const subscription = this.getNodeParameter('subscription', itemIndex) as string;
	const newsletters =
		subscription === 'unsubscribeAll'
			? []
			: String(this.getNodeParameter('newsletterIds', itemIndex, ''))
					.split(',')
					.map((value) => value.trim().toLowerCase())
					.filter(Boolean);
	if (!newsletters.every(isGhostId))
		throw new NodeOperationError(this.getNode(), 'Newsletter ids are 24 hex characters, separated by commas', {
			itemIndex,
		});
	const { body } = await ghostAdminRequest.call(this, 'PUT', path, {
		body: { members: [{ newsletters: newsletters.map((id) => ({ id })) }] },
	});
	return (body.members ?? []) as IDataObject[];
}

export class GhostMembers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ghost Members',
		name: 'ghostMembers',
		icon: { light: 'file:ghostMembers.svg', dark: 'file:ghostMembers.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Read Ghost members and change their newsletter subscriptions through the Admin API',
		defaults: { name: 'Ghost Members' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ghostMembersAdminApi', required: true, testedBy: 'ghostMembersAdminApiTest' }],
		properties: memberProperties,
	};

	methods = { credentialTest: { ghostMembersAdminApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const operation = this.getNodeParameter('operation', 0) as Operation;
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				for (const json of await runOperation.call(this, operation, itemIndex)) {
					output.push({ json, pairedItem: { item: itemIndex } });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({
						json: { error: (error as Error).message },
						pairedItem: { item: itemIndex },
					});
					continue;
				}
				throw error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}
