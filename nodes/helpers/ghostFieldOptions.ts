import type { INodeProperties } from 'n8n-workflow';

import { OPTIONAL_GHOST_FIELDS } from '../domain/sync/ghostFields';

/** "Optional Ghost Fields": the registry's non-default fields, for the nodes that map members. */
export const optionalGhostFieldsOption: INodeProperties = {
	displayName: 'Optional Ghost Fields',
	name: 'optionalGhostFields',
	type: 'multiOptions',
	default: [],
	options: OPTIONAL_GHOST_FIELDS.map((field) => ({
		name: field.FieldName,
		value: field.FieldName,
		description: field.description,
	})),
	description:
		'Also write these ghost_* fields (the bundled workflows choose the lifecycle fields and the tiers). Campaign Monitor node → Ensure custom fields exist creates them with their types.',
};

/** The chosen optional fields from a node's Options collection. */
export function optionalGhostFieldsOf(options: { optionalGhostFields?: unknown }): string[] {
	return Array.isArray(options.optionalGhostFields) ? options.optionalGhostFields.map(String) : [];
}
