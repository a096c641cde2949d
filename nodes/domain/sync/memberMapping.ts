import type { StatusHistory } from './ghostFields';
import { ghostFieldsFor } from './ghostFields';

export interface MappedSubscriber {
	EmailAddress: string;
	Name: string;
	CustomFields: Array<{ Key: string; Value: string; Clear?: boolean }>;
}

export interface MemberMappingOptions extends StatusHistory {
	/** Optional registry fields to write too (ghost_tiers, ghost_newsletters). */
	optionalFields?: readonly string[];
}

/**
 * The default Ghost member → Campaign Monitor subscriber mapping, field by field from the registry
 * (ghostFields.ts). Fields whose source is absent from the payload are left out, so an update
 * never blanks a value Ghost did not send (labels are absent from some member.added payloads).
 */
export function ghostMemberToSubscriber(
	member: Record<string, unknown>,
	options: MemberMappingOptions = {},
): MappedSubscriber {
	const CustomFields: MappedSubscriber['CustomFields'] = [];
	for (const field of ghostFieldsFor(options.optionalFields)) {
		const Value = field.value(member, options);
		if (Value === undefined) continue;
		// Campaign Monitor keeps a value an empty one would not change: say so (labels all gone).
		CustomFields.push(
			Value === '' && field.clearWhenEmpty
				? { Key: field.FieldName, Value, Clear: true }
				: { Key: field.FieldName, Value },
		);
	}
	return {
		EmailAddress: String(member.email ?? '').trim(),
		Name: typeof member.name === 'string' ? member.name.trim() : '',
		CustomFields,
	};
}
