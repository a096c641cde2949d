import type { CmRecord } from '../../nodes/domain/sync/fullSyncPlan';

/** A Ghost member as the Admin API reads it: free, subscribed, no labels. */
export const member = (email: string, extra: Record<string, unknown> = {}) => ({
	id: `id-${email}`,
	email,
	name: email.split('@')[0],
	status: 'free',
	subscribed: true,
	created_at: '2026-03-02T09:00:00.000Z',
	labels: [],
	...extra,
});

/** Campaign Monitor's subscriber for that member, as a sync left it. */
export const synced = (
	email: string,
	state = 'Active',
	fields: Record<string, string> = {},
): CmRecord => ({
	email,
	state,
	name: email.split('@')[0],
	fields: {
		ghost_status: 'free',
		ghost_signup_date: '2026-03-02',
		ghost_labels: '',
		ghost_email_enabled: 'true',
		...fields,
	},
});
