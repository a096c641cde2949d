import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LIST_MEMBERSHIP } from '../domain/sync/listRule';

/** The one "who is in the list" option, the same in Member Status Diff and Member Full Sync. */
export const listMembershipOption: INodeProperties = {
	displayName: 'List Membership',
	name: 'listMembership',
	type: 'options',
	default: DEFAULT_LIST_MEMBERSHIP,
	options: [
		{
			name: 'Members Who Get Newsletters',
			value: 'newsletterSubscribers',
			description:
				'Active when the member gets at least one newsletter; Unsubscribed when they get none. A fresh opt-in resubscribes (Bounced stays Bounced).',
		},
		{
			name: 'All Members',
			value: 'allMembers',
			description:
				'Everyone in the list; ghost_email_enabled tells who gets newsletters (segment on it). A fresh opt-in still resubscribes.',
		},
	],
	description:
		'Who belongs in the Campaign Monitor list. Use the same choice in the site sync and the full sync.',
};
