import { z } from 'zod';

import { normaliseFieldKey } from './cmFields';

/**
 * Campaign Monitor's list webhook deliveries: `{"Events": […], "ListID": "…"}`, events batched.
 * Nothing in them is signed; the trigger checks the list, and the bundled workflow acts only on
 * what Campaign Monitor's API then reports, never on the delivery's word alone.
 */

export const CM_WEBHOOK_EVENTS = ['Subscribe', 'Deactivate', 'Update'] as const;
export type CmWebhookEventType = (typeof CM_WEBHOOK_EVENTS)[number];

const eventShape = z.object({
	Type: z.string(),
	EmailAddress: z.string().optional(),
	OldEmailAddress: z.string().optional(),
	Name: z.string().nullable().optional(),
	State: z.string().optional(),
	Date: z.string().optional(),
	SignupIPAddress: z.string().optional(),
	CustomFields: z
		.array(z.object({ Key: z.string(), Value: z.unknown() }).partial())
		.nullable()
		.optional(),
});
const deliveryShape = z.object({ Events: z.array(z.unknown()), ListID: z.string() });

/** One item per event, as the trigger puts it out. */
export interface CmEventItem {
	event: CmWebhookEventType;
	listId: string;
	email: string;
	/** The address before an Update (Campaign Monitor's OldEmailAddress). */
	oldEmail: string | null;
	name: string;
	/** Deactivate and Update: Unsubscribed, Bounced, Deleted, Active… */
	state: string | null;
	/** As Campaign Monitor writes it: "2010-12-14 11:32:00", no time zone. */
	date: string | null;
	customFields: Record<string, string>;
}

export type CmDeliveryResult =
	| { outcome: 'events'; items: CmEventItem[]; ignored: number }
	| { outcome: 'wrongList' }
	| { outcome: 'invalid'; message: string };

export interface CmDeliveryFilter {
	/**
	 * Campaign Monitor sends Update for every change of a name or field, this package's own
	 * writes included; with this on, only an Update that changes the address gets through.
	 */
	updatesWithAddressChangeOnly?: boolean;
}

/** An Update that moved the subscriber to another address (case aside): Ghost owns addresses. */
export const changesAddress = (
	oldEmail: string | null | undefined,
	email: string | null | undefined,
) =>
	!!oldEmail?.trim() &&
	oldEmail.trim().toLowerCase() !==
		String(email ?? '')
			.trim()
			.toLowerCase();

export function parseCmDelivery(
	body: unknown,
	listId: string,
	selected: readonly string[],
	filter: CmDeliveryFilter = {},
): CmDeliveryResult {
	const delivery = deliveryShape.safeParse(body);
	if (!delivery.success)
		return { outcome: 'invalid', message: 'The body is not a Campaign Monitor webhook delivery' };
	if (delivery.data.ListID.trim().toLowerCase() !== listId.trim().toLowerCase())
		return { outcome: 'wrongList' };
	const items: CmEventItem[] = [];
	let ignored = 0;
	for (const raw of delivery.data.Events) {
		const parsed = eventShape.safeParse(raw);
		const type = parsed.success ? parsed.data.Type : '';
		if (
			!parsed.success ||
			!(CM_WEBHOOK_EVENTS as readonly string[]).includes(type) ||
			!selected.includes(type) ||
			!parsed.data.EmailAddress ||
			(type === 'Update' &&
				filter.updatesWithAddressChangeOnly &&
				!changesAddress(parsed.data.OldEmailAddress, parsed.data.EmailAddress))
		) {
			ignored++;
			continue;
		}
		const e = parsed.data;
		items.push({
			event: type as CmWebhookEventType,
			listId: delivery.data.ListID,
			email: String(e.EmailAddress).trim(),
			oldEmail: e.OldEmailAddress?.trim() || null,
			name: e.Name ?? '',
			state: e.State ?? null,
			date: e.Date ?? null,
			customFields: Object.fromEntries(
				(e.CustomFields ?? []).map((f) => [
					normaliseFieldKey(String(f.Key ?? '')),
					String(f.Value ?? ''),
				]),
			),
		});
	}
	return { outcome: 'events', items, ignored };
}
