import type { INodeProperties } from 'n8n-workflow';

import { emailField as sharedEmailField } from '../../../helpers/emailField';

/** Fields several member operations share (each operation shows them for itself). */
export const memberIdField: INodeProperties = {
	displayName: 'Member ID',
	name: 'memberId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '65e2ee2f3c1a4b0001a1b2c3',
};

export const emailField = sharedEmailField(
	'Quotes, plus signs and commas in the address are safe (the NQL filter is escaped)',
);
