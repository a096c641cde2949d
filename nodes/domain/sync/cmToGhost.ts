import { changesAddress } from '../campaignMonitor/cmWebhookEvent';

/**
 * Campaign Monitor → Ghost: what a subscriber's state in Campaign Monitor means for the Ghost
 * member. The state is the one Campaign Monitor's API reports when asked, not the one a webhook
 * delivery claims (deliveries are not signed).
 */

export interface CmToGhostOptions {
	/** A hard bounce: stop Ghost's newsletters and label the member, or only label. */
	bounced: 'unsubscribeAndLabel' | 'labelOnly';
	/** Deleted in Campaign Monitor is list housekeeping by default. */
	deleted: 'ignore' | 'unsubscribe';
}

export const DEFAULT_CM_TO_GHOST: CmToGhostOptions = {
	bounced: 'unsubscribeAndLabel',
	deleted: 'ignore',
};

export type CmToGhostAction =
	| 'unsubscribe'
	| 'unsubscribeAndLabel'
	| 'label'
	| 'reportRename'
	| 'nothing';

export interface CmToGhostDecision {
	action: CmToGhostAction;
	reason: string;
}

export function decideCmToGhost(
	event: { event: string; email: string; oldEmail?: string | null },
	/** The subscriber's state as Campaign Monitor reports it; '' when it is not in the list. */
	reportedState: string,
	options: CmToGhostOptions = DEFAULT_CM_TO_GHOST,
): CmToGhostDecision {
	if (event.event === 'Update' && changesAddress(event.oldEmail, event.email))
		return {
			action: 'reportRename',
			reason:
				'the address changed in Campaign Monitor; Ghost owns the address, so it is reported, not pushed',
		};
	switch (reportedState) {
		case 'Unsubscribed':
			return { action: 'unsubscribe', reason: 'unsubscribed in Campaign Monitor' };
		case 'Bounced':
			return options.bounced === 'labelOnly'
				? { action: 'label', reason: 'bounced in Campaign Monitor (label only)' }
				: { action: 'unsubscribeAndLabel', reason: 'bounced in Campaign Monitor' };
		case 'Deleted':
			return options.deleted === 'unsubscribe'
				? { action: 'unsubscribe', reason: 'deleted in Campaign Monitor' }
				: {
						action: 'nothing',
						reason: 'deleted in Campaign Monitor: list housekeeping, left alone',
					};
		case '':
			return { action: 'nothing', reason: 'not in the Campaign Monitor list' };
		default:
			return {
				action: 'nothing',
				reason: `Campaign Monitor reports the subscriber ${reportedState}: nothing to change in Ghost`,
			};
	}
}
