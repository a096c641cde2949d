import type { IWebhookFunctions } from 'n8n-workflow';

import { storedParameter } from '../helpers/storedParameters';
import { triggerProperties } from './description';

type TriggerParameter = 'webhookSetup' | 'events' | 'site' | 'options' | 'list';

/** n8n leaves parameters at their default out of the stored node: the description's defaults. */
const defaults = Object.fromEntries(
	triggerProperties.map((property) => [property.name, property.default]),
) as Record<TriggerParameter, unknown>;

/** A trigger parameter on the webhook request path, as stored unless it holds an expression. */
export function triggerParameter<T = unknown>(this: IWebhookFunctions, name: TriggerParameter): T {
	if (name === 'list') {
		// A list picker's value: the id it holds.
		const value = storedParameter.call(this, name, '', { extractValue: true });
		return (typeof value === 'string' ? value.trim() : '') as T;
	}
	return storedParameter.call(this, name, defaults[name]) as T;
}
