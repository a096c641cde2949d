import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { importBatches } from '../../../domain/campaignMonitor/cmIds';
import { resubscribeKeepsState } from '../../../domain/sync/listRule';
import { importSubscribers, throwCmApiError } from '../../../transport/campaignMonitor';
import { emailField } from '../../../helpers/emailField';
import { subscriberDetailFields } from '../../descriptions';
import type { OperationContext } from '../../operationContext';
import type { ItemOutcome, Classify } from '../types';
import { showFor } from '../types';
import { INACTIVE_STATE_CODES } from '../../../domain/campaignMonitor/cmErrors';
import type { PreparedUpsert } from './upsert';
import { isRename, postSubscriber, prepare, renameOrAdd } from './upsert';

/** How the operation shows in the Operation select. */
export const option = {
	name: 'Add or Update',
	action: 'Add or update a subscriber',
	description: 'Add a subscriber, or update it if the address is already in the list',
};

export const description = showFor('subscriber', 'add', [
	emailField('Email address of the subscriber; an existing subscriber is updated'),
	{
		displayName: 'Previous Email',
		name: 'previousEmail',
		type: 'string',
		placeholder: 'old@email.com',
		default: '',
		description:
			"When the address changed (Ghost's previous.email): the subscriber under this address is renamed to Email, so no duplicate appears. If it is not in the list, Email is added.",
	},
	...subscriberDetailFields('Yes'),
]);

/**
 * Everything but renames, in one import call per 1000 addresses (Resubscribe off, autoresponders
 * queued as an add queues them): one call for a whole batch of events, and one call for a new
 * signup. Only an address the import reports inactive costs a second call: a fresh opt-in
 * resubscribes it (never a Bounced one), any other update changes its details and keeps its opt-out.
 */
async function importUpserts(
	this: IExecuteFunctions,
	prepared: PreparedUpsert[],
	context: OperationContext,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const groups = new Map<string, PreparedUpsert[]>();
	for (const p of prepared) {
		const key = `${p.listId}|${p.body.RestartSubscriptionBasedAutoresponders === true}`;
		groups.set(key, [...(groups.get(key) ?? []), p]);
	}
	for (const group of groups.values()) {
		// The same member twice in one batch: the later item is the newer; both get its outcome.
		const latest = new Map<string, PreparedUpsert>();
		for (const p of group) latest.set(p.email.toLowerCase(), p);
		const first = group[0];
		// Every item of the group with this address gets the outcome (a member twice in a batch).
		const answer = (p: PreparedUpsert, outcome: { json: IDataObject } | { error: unknown }) => {
			for (const same of group)
				if (same.email.toLowerCase() === p.email.toLowerCase())
					outcomes.push({ itemIndex: same.itemIndex, ...outcome });
		};
		for (const chunk of importBatches([...latest.values()])) {
			let data: Awaited<ReturnType<typeof importSubscribers>>;
			try {
				data = await importSubscribers.call(
					this,
					first.listId,
					chunk.map(({ body }) => {
						const entry = { ...body };
						delete entry.Resubscribe;
						delete entry.RestartSubscriptionBasedAutoresponders;
						return entry;
					}),
					{
						resubscribe: false,
						queueSubscriptionBasedAutoresponders: true,
						restartSubscriptionBasedAutoresponders:
							first.body.RestartSubscriptionBasedAutoresponders === true,
					},
					{ itemIndex: first.itemIndex, limits: context.limits(first.itemIndex) },
				);
			} catch (error) {
				// The import failed as a whole: its items fail; the items already written stay reported.
				for (const p of chunk) answer(p, { error });
				continue;
			}
			const failures = new Map(
				(data.FailureDetails ?? []).map((f) => [String(f.EmailAddress).trim().toLowerCase(), f]),
			);
			for (const p of chunk) {
				const failure = failures.get(p.email.toLowerCase());
				try {
					if (failure && INACTIVE_STATE_CODES[failure.Code]) {
						const state = INACTIVE_STATE_CODES[failure.Code];
						const revive = p.body.Resubscribe === true && !resubscribeKeepsState(state);
						if (p.body.Resubscribe === true && !revive) p.result.resubscribeSkipped = state;
						await postSubscriber.call(this, p, { ...p.body, Resubscribe: revive }, context);
					} else if (failure) {
						throwCmApiError.call(this, 400, failure, '', p.itemIndex);
					}
				} catch (error) {
					answer(p, { error });
					continue;
				}
				answer(p, { json: { ...p.result } });
			}
		}
	}
	return outcomes;
}

/** Add or Update for every input item: renames one by one, everything else imported together. */
export async function executeItems(
	this: IExecuteFunctions,
	itemIndexes: number[],
	context: OperationContext,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	const upserts: PreparedUpsert[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const p = await prepare.call(this, itemIndex, context);
			if (isRename(p)) outcomes.push({ itemIndex, json: await renameOrAdd.call(this, p, context) });
			else upserts.push(p);
		} catch (error) {
			outcomes.push({ itemIndex, error });
		}
	}
	if (upserts.length) outcomes.push(...(await importUpserts.call(this, upserts, context)));
	return outcomes;
}

/** Every result is a write. */
export const classify: Classify = () => 'written';
