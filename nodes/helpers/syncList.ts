import type { IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { keyForFieldName, sameFieldKey } from '../domain/campaignMonitor/cmFields';
import type { GhostFieldSpec } from '../domain/sync/ghostFields';
import { ENSURED_GHOST_FIELDS } from '../domain/sync/ghostFields';
import { createCustomField, getListDetails, listCustomFields } from '../transport/campaignMonitor';

type Context = IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions;

export interface SyncListCheck {
	listId: string;
	title: string;
	/** ghost_* fields the list lacks (created when asked). */
	missing: string[];
	created: string[];
}

/**
 * The list a sync writes, checked as publishing needs it: Campaign Monitor knows the id and the
 * credential can see it (else a message that names the fix), and its `ghost_*` fields exist
 * (created when `create` is on; safe to repeat: only what is missing is made).
 */
export async function checkSyncList(
	this: Context,
	listId: string,
	options: { create: boolean; where: string; fields?: readonly GhostFieldSpec[] },
): Promise<SyncListCheck> {
	const details = listId ? await getListDetails.call(this, listId) : undefined;
	if (!details) {
		const fix = `Pick the list in ${options.where} (From list shows the lists this credential can see), or pick the credential of the account the list belongs to.`;
		throw new NodeOperationError(
			this.getNode(),
			listId
				? `Campaign Monitor has no list "${listId}" that this Campaign Monitor credential can see. ${fix}`
				: `No Campaign Monitor list is chosen. ${fix}`,
			{ description: fix },
		);
	}
	const existing = await listCustomFields.call(this, listId);
	const has = (name: string) =>
		existing.some(
			(field) =>
				sameFieldKey(field.Key, keyForFieldName(name)) ||
				field.FieldName.toLowerCase() === name.toLowerCase(),
		);
	const missing = (options.fields ?? ENSURED_GHOST_FIELDS).filter((field) => !has(field.FieldName));
	const created: string[] = [];
	if (options.create) {
		for (const field of missing) {
			await createCustomField.call(
				this,
				listId,
				{ FieldName: field.FieldName, DataType: field.DataType },
				// After a lost answer the field may exist: look before creating it again.
				async () =>
					(await listCustomFields.call(this, listId)).find(
						(definition) => definition.FieldName === field.FieldName,
					)?.Key,
			);
			created.push(field.FieldName);
		}
	}
	return {
		listId,
		title: details.Title,
		missing: missing.map((field) => field.FieldName),
		created,
	};
}
