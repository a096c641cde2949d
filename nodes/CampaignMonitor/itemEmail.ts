import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { itemParameter } from '../helpers/itemParameter';

/** The item's address, or a clear error before anything is sent. */
export function emailOf(this: IExecuteFunctions, itemIndex: number, parameter = 'email'): string {
	const email = String(itemParameter.call(this, parameter, itemIndex, '') ?? '').trim();
	if (!email || !email.includes('@')) {
		throw new NodeOperationError(
			this.getNode(),
			'The email address is empty or not an email address',
			{ itemIndex },
		);
	}
	return email;
}
