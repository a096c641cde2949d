import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CmToGhostOptions } from '../../../domain/sync/cmToGhost';
import { decideCmToGhost, DEFAULT_CM_TO_GHOST } from '../../../domain/sync/cmToGhost';
import { getsNewsletters, suppressionOf } from '../../../domain/sync/listRule';
import { findGhostMemberByEmail, updateGhostMember } from '../../../transport/ghost';
import { showFor } from '../../../helpers/operations/types';
import { emailField } from './fields';

export const DEFAULT_BOUNCED_LABEL = 'Campaign Monitor: bounced';

type Label = { name?: unknown };

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Apply Campaign Monitor State',
	action: 'Apply a campaign monitor unsubscribe or bounce to a member',
	description:
		'From the state Campaign Monitor reports: stop the member’s newsletters, label a bounce',
};

export const description = showFor(undefined, 'applyCampaignMonitorState', [
	emailField,
	{
		displayName: 'Campaign Monitor State',
		name: 'cmState',
		type: 'string',
		default: '={{ $json.State ?? "" }}',
		description:
			'The state Campaign Monitor reports for the subscriber (a Campaign Monitor Get a subscriber before this node): Unsubscribed, Bounced, Deleted, Active; empty when not in the list',
	},
	{
		displayName: 'Campaign Monitor Event',
		name: 'cmEvent',
		type: 'string',
		default: '',
		description: 'Deactivate, Update or Subscribe (the Campaign Monitor Trigger’s event)',
	},
	{
		displayName: 'Previous Email',
		name: 'cmPreviousEmail',
		type: 'string',
		default: '',
		description:
			'The address before an Update: a changed address is reported, never pushed to Ghost (Ghost owns it)',
	},
	{
		displayName: 'Options',
		name: 'cmOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Bounced Label',
				name: 'bouncedLabel',
				type: 'string',
				default: 'Campaign Monitor: bounced',
				description: 'The Ghost label a bounced member gets, so publishers can see why',
			},
			{
				displayName: 'On Bounced',
				name: 'onBounced',
				type: 'options',
				options: [
					{ name: 'Unsubscribe and Label', value: 'unsubscribeAndLabel' },
					{ name: 'Label Only', value: 'labelOnly' },
				],
				default: 'unsubscribeAndLabel',
			},
			{
				displayName: 'On Deleted',
				name: 'onDeleted',
				type: 'options',
				options: [
					{ name: 'Leave Alone (List Housekeeping)', value: 'ignore' },
					{ name: 'Unsubscribe', value: 'unsubscribe' },
				],
				default: 'ignore',
			},
			{
				displayName: 'Read In Execution',
				name: 'readInExecution',
				type: 'string',
				default: '',
				description:
					'The execution that read the state from Campaign Monitor (the bundled workflow passes it from Settings). When it is another one, as when n8n’s Retry resumes with the old answer, nothing is applied: run the replay, which reads Campaign Monitor again.',
			},
		],
	},
]);

/**
 * Campaign Monitor → Ghost for one subscriber: what Campaign Monitor reports (its API, not the
 * webhook delivery) decides; the member with that address stops getting newsletters and/or gets
 * a label. A member already as wanted is left untouched, so Ghost sends no webhook and the site
 * sync does not answer with a write of its own (no ping-pong).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const email = String(this.getNodeParameter('email', itemIndex, '')).trim();
	if (!email.includes('@'))
		throw new NodeOperationError(this.getNode(), 'Enter an email address', { itemIndex });
	const options = this.getNodeParameter('cmOptions', itemIndex, {}) as IDataObject;
	const readIn = String(options.readInExecution ?? '').trim();
	if (readIn && readIn !== String(this.getExecutionId() ?? '')) {
		// n8n's Retry resumes here with the failed execution's read: the reader may have changed
		// their mind since, and acting on it could unsubscribe someone who opted back in.
		throw new NodeOperationError(
			this.getNode(),
			'Campaign Monitor’s answer is from an earlier execution: not applied to Ghost',
			{
				itemIndex,
				description:
					'n8n’s Retry resumes with what Campaign Monitor reported then. Run the replay workflow instead: it reads Campaign Monitor again before changing the member.',
			},
		);
	}
	const decision = decideCmToGhost(
		{
			event: String(this.getNodeParameter('cmEvent', itemIndex, '')),
			email,
			oldEmail: String(this.getNodeParameter('cmPreviousEmail', itemIndex, '') ?? ''),
		},
		String(this.getNodeParameter('cmState', itemIndex, '') ?? ''),
		{
			bounced: (options.onBounced as CmToGhostOptions['bounced']) ?? DEFAULT_CM_TO_GHOST.bounced,
			deleted: (options.onDeleted as CmToGhostOptions['deleted']) ?? DEFAULT_CM_TO_GHOST.deleted,
		},
	);
	const result: IDataObject = { action: decision.action, reason: decision.reason, changed: [] };
	// `outcome` as in the Campaign Monitor node: written, unchanged (already so), skipped.
	if (decision.action === 'nothing' || decision.action === 'reportRename')
		return [{ ...result, outcome: 'skipped' }];

	const member = await findGhostMemberByEmail.call(this, email);
	if (!member) return [{ ...result, outcome: 'skipped', inGhost: false }];
	// The site sync unsubscribes whom Ghost suppresses: that unsubscribe is Ghost's own decision
	// coming back, not the reader's, and must not cost them their newsletters.
	if (decision.action === 'unsubscribe' && suppressionOf(member))
		return [
			{
				...result,
				action: 'nothing',
				memberId: String(member.id ?? ''),
				reason: 'Ghost suppresses this address: the sync made the unsubscribe, not the reader',
				outcome: 'unchanged',
			},
		];
	const change: IDataObject = {};
	if (decision.action !== 'label' && getsNewsletters(member) !== false) change.newsletters = [];
	if (decision.action !== 'unsubscribe') {
		const label = String(options.bouncedLabel ?? DEFAULT_BOUNCED_LABEL).trim();
		const labels = ((member.labels as Label[] | undefined) ?? []).map((l) => String(l.name ?? ''));
		if (label && !labels.includes(label))
			change.labels = [...labels, label].map((name) => ({ name }));
	}
	result.memberId = String(member.id ?? '');
	if (Object.keys(change).length === 0) return [{ ...result, outcome: 'unchanged' }];
	await updateGhostMember.call(this, member.id, change, itemIndex);
	return [{ ...result, outcome: 'written', changed: Object.keys(change) }];
}
