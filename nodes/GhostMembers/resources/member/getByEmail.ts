import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { emailFilter } from '../../../shared/nql';
import { ghostAdminRequest } from '../../../transport/ghost';

/** One member by address; `found: false` (not an error) when Ghost has nobody with it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const email = String(this.getNodeParameter('email', itemIndex, '')).trim();
	if (!email.includes('@'))
		throw new NodeOperationError(this.getNode(), 'Enter an email address', { itemIndex });
	const { body } = await ghostAdminRequest.call(this, 'GET', '/members/', {
		qs: { filter: emailFilter(email), limit: 1 },
	});
	const [member] = (body.members ?? []) as IDataObject[];
	return [member ? { ...member, found: true } : { email, found: false }];
}
