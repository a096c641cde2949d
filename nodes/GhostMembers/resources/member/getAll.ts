import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ghostMemberPages } from '../../../transport/ghost';
import { showFor } from '../../../helpers/operations/types';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Get Many',
	action: 'Get many members',
	description: 'Read members page by page, optionally filtered',
};

export const description = showFor(undefined, 'getAll', [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Filter',
				name: 'filter',
				type: 'string',
				default: '',
				placeholder: "status:paid+updated_at:>'2026-01-01 00:00:00'",
				description: 'Ghost NQL filter',
			},
			{
				displayName: 'Include Tiers',
				name: 'includeTiers',
				type: 'boolean',
				default: false,
				description: 'Whether to include each member’s tiers',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'string',
				default: 'created_at asc',
				description: 'Field and direction, e.g. updated_at desc',
			},
		],
	},
]);

/** Members page by page (Ghost's filter and order), up to the limit or all of them. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
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
