/** Types for the JavaScript Campaign Monitor simulator (server.js). */
export interface SimulatorFault {
	method?: string;
	/** Regular expression matched against the API path (after /api/v3.3). */
	path?: string;
	times?: number;
	probability?: number;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	latencyMs?: number;
	drop?: boolean;
	/** The request is carried out, then answered with `status` (the answer lost to a 5xx), or with `drop` its connection reset. */
	afterActing?: boolean;
}

export interface SimulatorOptions {
	apiKeys?: string[];
	seed?: 'fixtures' | 'empty';
	randomSeed?: number;
	/** Requests per window; `per: 'list'` keeps one window per API key and list (default: per API key). */
	rateLimit?: { limit: number; windowSeconds: number; per?: 'key' | 'list' } | null;
	subscriberAddLimit?: { count: number; windowSeconds: number } | null;
	/** Campaign Monitor's queued adds: for this many ms after an add, a read of that subscriber answers the state before it. */
	queuedAddMs?: number;
	port?: number;
	host?: string;
}

export interface SimSubscriber {
	EmailAddress: string;
	Name: string;
	State: string;
	Date: string;
	ListJoinedDate: string;
	CustomFields: Array<{ Key: string; Value: string }>;
	ConsentToTrack: string;
	[key: string]: unknown;
}

export interface SimulatorAccount {
	addClient(client: { ClientID: string; Name: string }): unknown;
	addList(
		clientId: string,
		list: { ListID: string; Title: string; ConfirmedOptIn?: boolean },
	): unknown;
	createCustomField(
		listId: string,
		field: { FieldName: string; DataType: string; Options?: string[] },
	): string;
	setState(listId: string, email: string, state: string): unknown;
	/** A list webhook, as POST /lists/{listid}/webhooks.json makes it; returns its id. */
	createWebhook(
		listId: string,
		webhook: { Events: string[]; Url: string; PayloadFormat?: string },
	): string;
	/** Add or update a subscriber as POST /subscribers/{listid}.json does. */
	upsert(
		listId: string,
		body: {
			EmailAddress: string;
			Name?: string;
			CustomFields?: Array<{ Key: string; Value: string }>;
			ConsentToTrack: string;
		},
	): unknown;
	snapshot(): {
		clients: Array<{ ClientID: string; Name: string }>;
		lists: Array<{
			ListID: string;
			ClientID: string;
			Title: string;
			customFields: unknown[];
			subscribers: SimSubscriber[];
			webhooks: Array<{
				WebhookID: string;
				Events: string[];
				Url: string;
				Status: string;
				PayloadFormat: string;
			}>;
		}>;
	};
	details(listId: string, email: string, query?: Record<string, string>): SimSubscriber;
}

export class CampaignMonitorSimulator {
	constructor(options?: SimulatorOptions);
	url: string;
	origin: string;
	account: SimulatorAccount;
	/** Requests seen; rateLimited counts the 429s the rate limit answered, faulted the injected faults. */
	requests: {
		total: number;
		byRoute: Record<string, number>;
		rateLimited: number;
		faulted: number;
	};
	/** Successful subscriber adds per "listId|email" (lower case). */
	adds: Map<string, number>;
	rateLimit: SimulatorOptions['rateLimit'];
	subscriberAddLimit: SimulatorOptions['subscriberAddLimit'];
	queuedAddMs: number;
	/** Reads answered from before a queued add. */
	staleReads: number;
	addFault(fault: SimulatorFault): void;
	/** Ends every injected fault (the outage is over). */
	clearFaults(): void;
	/** Every list-webhook delivery made (status 0: no answer). */
	deliveries: Array<{
		webhookId: string;
		listId: string;
		url: string;
		status: number;
		events: Array<Record<string, unknown>>;
		answer?: string;
		error?: string;
	}>;
	/** No list event waits to be sent and every delivery made has had its answer. */
	readonly webhooksIdle: boolean;
	/** How long a list's events wait to be sent together (100 ms). */
	webhookBatchMs?: number;
	reset(): void;
	listen(port?: number, host?: string): Promise<this>;
	close(): Promise<void>;
}

export function startSimulator(options?: SimulatorOptions): Promise<CampaignMonitorSimulator>;
export const BASE: string;
