import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ghostMemberPages } from '../../../transport/ghost';

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
