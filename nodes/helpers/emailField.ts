import type { INodeProperties } from 'n8n-workflow';

/** The Email parameter as every node that acts on one address shows it. */
export const emailField = (description: string): INodeProperties => ({
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	required: true,
	description,
});
