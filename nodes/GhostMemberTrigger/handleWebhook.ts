import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	SIGNATURE_FAILURE_MESSAGES,
	signatureToleranceMs,
	verifyGhostSignature,
} from '../domain/security/ghostSignature';
import { normaliseMemberEvent } from '../domain/ghost/memberEvent';
import { keyedEmailRef } from '../domain/security/redact';
import { GHOST_CREDENTIAL } from '../transport/ghost';
import { processState } from '../helpers/processState';
import { cachedFromCredentials } from '../helpers/storedParameters';
import { triggerParameter } from './requestPath';
import { selectedEvents } from './webhookRegistration';

const DEFAULT_BATCH_WINDOW_MS = 250;
const DEFAULT_MAX_BATCH_SIZE = 100;

/** Answers Ghost directly. Never 410: Ghost deletes a webhook that answers 410. */
function reply(
	this: IWebhookFunctions,
	status: 200 | 400 | 401,
	body: IDataObject,
): IWebhookResponseData {
	this.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

async function siteName(this: IWebhookFunctions): Promise<string> {
	const configured = String(triggerParameter.call(this, 'site') ?? '').trim();
	if (configured) return configured;
	if (triggerParameter.call(this, 'webhookSetup') === 'manual') return 'ghost';
	return await cachedFromCredentials.call(this, 'site', async () => {
		try {
			const credentials = await this.getCredentials(GHOST_CREDENTIAL);
			return new URL(String(credentials.url)).hostname;
		} catch {
			return 'ghost';
		}
	});
}

export async function handleGhostWebhook(
	this: IWebhookFunctions,
	secret: string,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = triggerParameter.call(this, 'options') as {
		keepActivityOnlyEdits?: boolean;
		maxAgeSeconds?: number;
		batchWindowMs?: number;
		maxBatchSize?: number;
	};

	const rawBody = (request as { rawBody?: Buffer }).rawBody;
	if (!rawBody || rawBody.length === 0) {
		return reply.call(this, 400, {
			status: 'rejected',
			reason: 'empty_body',
			message: 'Empty request body',
		});
	}
	const header = this.getHeaderData()['x-ghost-signature'];
	const toleranceMs = signatureToleranceMs(Number(options.maxAgeSeconds ?? 300) * 1000);
	const verification = verifyGhostSignature(
		rawBody,
		Array.isArray(header) ? header[0] : header,
		secret,
		{ toleranceMs },
	);
	if (!verification.valid) {
		return reply.call(this, 401, {
			status: 'rejected',
			reason: verification.reason,
			message: SIGNATURE_FAILURE_MESSAGES[verification.reason],
		});
	}

	// A valid signature replayed inside its window: acknowledged, not run again.
	const deliveryKey = `${this.getWorkflow().id ?? ''}|${this.getNode().name}|${verification.digest}`;
	const now = Date.now();
	if (
		!processState.recentDeliveries.firstTime(deliveryKey, verification.timestamp + toleranceMs, now)
	) {
		return reply.call(this, 200, {
			status: 'duplicate',
			reason: 'replayed_delivery',
			message: 'This signed delivery was already received; it is not run again',
		});
	}

	const query = this.getQueryData() as { event?: unknown };
	const result = normaliseMemberEvent(this.getBodyData(), {
		eventFromUrl: typeof query.event === 'string' ? query.event : undefined,
		site: await siteName.call(this),
		receivedAt: new Date(),
		events: selectedEvents.call(this, triggerParameter.call(this, 'events')),
		keepActivityOnlyEdits: options.keepActivityOnlyEdits === true,
	});
	if (result.outcome === 'invalid') {
		return reply.call(this, 400, {
			status: 'rejected',
			reason: 'invalid_payload',
			message: result.message,
		});
	}
	if (result.outcome === 'ignored') {
		return reply.call(this, 200, { status: 'ignored', event: result.event, reason: result.reason });
	}
	// emailRef: how the dead-letter workflow records the member without keeping the address.
	const email = result.item.member.email;
	const json = {
		...result.item,
		emailRef: typeof email === 'string' && email ? keyedEmailRef(email, secret) : null,
		// Version 2 names the list: the workflow's writes take it from here.
		...(this.getNode().typeVersion >= 2
			? { cmListId: String(triggerParameter.call(this, 'list') ?? '') }
			: {}),
	};
	// Answer Ghost now, before n8n creates and starts the execution (it still runs it).
	this.getResponseObject().status(200).json({ status: 'accepted', event: result.item.event });
	const batch = await processState.eventBatches.add(
		`${this.getWorkflow().id ?? ''}|${this.getNode().name}`,
		{ json: json as unknown as IDataObject },
		{
			windowMs: Number(options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS),
			maxItems: Number(options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE),
			sleep,
		},
	);
	return batch ? { noWebhookResponse: true, workflowData: [batch] } : { noWebhookResponse: true };
}
