import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findGhostMemberByEmail } from '../../../transport/ghost';
import { showFor } from '../../../helpers/operations/types';
import { emailField } from './fields';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Get by Email',
	action: 'Get a member by email',
	description: 'Read one member by email address (found: false when none)',
};

export const description = showFor(undefined, 'getByEmail', [emailField]);

/** One member by address; `found: false` (not an error) when Ghost has nobody with it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const email = String(this.getNodeParameter('email', itemIndex, '')).trim();
	if (!email.includes('@'))
		throw new NodeOperationError(this.getNode(), 'Enter an email address', { itemIndex });
	const member = (await findGhostMemberByEmail.call(this, email)) as IDataObject | null;
	return [member ? { ...member, found: true } : { email, found: false }];
}
