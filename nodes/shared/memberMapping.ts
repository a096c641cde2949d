import { fitList, toCmDate } from './cmFields';

export interface MappedSubscriber {
	EmailAddress: string;
	Name: string;
	CustomFields: Array<{ Key: string; Value: string }>;
}

export interface MemberMappingOptions {
	/** Status before the last change; written only when given (a change happened). */
	previousStatus?: string;
	/** When the status last changed; written only when given. */
	statusChangedAt?: string | Date;
	/** Optional extra fields: ghost_tiers, ghost_newsletters. */
	extras?: ReadonlyArray<'ghost_tiers' | 'ghost_newsletters'>;
}

type Named = { name?: unknown; status?: unknown };

function names(value: unknown, onlyActive = false): string[] | undefined {
	if (!Array.isArray(value)) return undefined;
	return value
		.filter(
			(entry: Named) => !onlyActive || entry?.status === undefined || entry.status === 'active',
		)
		.map((entry: Named) => (typeof entry === 'string' ? entry : String(entry?.name ?? '')))
		.filter((name) => name.trim() !== '');
}

/** "true" when the member gets any newsletter: Ghost's `subscribed`, else their active newsletters. */
function emailEnabled(member: Record<string, unknown>): string | undefined {
	if (typeof member.subscribed === 'boolean') return String(member.subscribed);
	const newsletters = names(member.newsletters, true);
	return newsletters === undefined ? undefined : String(newsletters.length > 0);
}

/**
 * The default Ghost member → Campaign Monitor subscriber mapping (PRODUCT.md "Campaign
 * Monitor fields"). Fields whose source is absent from the payload are left out, so an update
 * never blanks a value Ghost did not send (labels are absent from some member.added payloads).
 */
export function ghostMemberToSubscriber(
	member: Record<string, unknown>,
	options: MemberMappingOptions = {},
): MappedSubscriber {
	const fields: Array<{ Key: string; Value: string }> = [];
	const add = (Key: string, Value: string | undefined) => {
		if (Value !== undefined) fields.push({ Key, Value });
	};

	add(
		'ghost_status',
		typeof member.status === 'string' && member.status ? member.status : undefined,
	);
	add('ghost_signup_date', toCmDate(member.created_at));
	add('ghost_last_updated', toCmDate(member.updated_at));
	if (options.statusChangedAt !== undefined)
		add('ghost_status_changed_at', toCmDate(options.statusChangedAt));
	if (options.previousStatus) add('ghost_previous_status', options.previousStatus);
	const labels = names(member.labels);
	add('ghost_labels', labels === undefined ? undefined : fitList(labels));
	add('ghost_email_enabled', emailEnabled(member));
	if (options.extras?.includes('ghost_tiers')) {
		const tiers = names(member.tiers);
		add('ghost_tiers', tiers === undefined ? undefined : fitList(tiers));
	}
	if (options.extras?.includes('ghost_newsletters')) {
		const newsletters = names(member.newsletters, true);
		add('ghost_newsletters', newsletters === undefined ? undefined : fitList(newsletters));
	}

	return {
		EmailAddress: String(member.email ?? '').trim(),
		Name: typeof member.name === 'string' ? member.name.trim() : '',
		CustomFields: fields,
	};
}
