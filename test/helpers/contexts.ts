import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';

import { CampaignMonitorApi } from '../../credentials/CampaignMonitorApi.credentials';
import { GhostMembersAdminApi } from '../../credentials/GhostMembersAdminApi.credentials';
import { realHttpRequestWithAuthentication } from './http';

export const GHOST_URL = 'https://ghost.example.com';
export const ADMIN_KEY = `6489f4f1c2f0a10001a0b0c1:${'0123456789abcdef'.repeat(4)}`;
export const WEBHOOK_URL =
	'https://n8n.example.com/webhook/4b1b0ad4-1c53-4c1f-b6e7-7b5a1c6f2b10/webhook';

export interface TriggerSetup {
	parameters?: IDataObject;
	/** The node's version (1.1 unless given) and n8n's activation mode ("init", n8n's start-up, unless given). */
	typeVersion?: number;
	activationMode?: string;
	workflow?: { id: string; name: string };
	staticData?: IDataObject;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	webhookUrl?: string;
}

function valueAt(source: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], source);
}

export function triggerNode(parameters: IDataObject, typeVersion = 1.1): INode {
	return {
		id: 'b3f1c1a2-0000-4000-8000-000000000001',
		name: 'Ghost Member Trigger',
		type: 'n8n-nodes-ghost-campaign-monitor.ghostMemberTrigger',
		typeVersion,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
}

function common(setup: TriggerSetup) {
	const parameters: IDataObject = {
		webhookSetup: 'automatic',
		events: ['member.added', 'member.edited', 'member.deleted'],
		site: '',
		options: {},
		...setup.parameters,
	};
	const staticData = setup.staticData ?? {};
	const credentials = setup.credentials ?? {
		ghostMembersAdminApi: {
			url: GHOST_URL,
			apiKey: ADMIN_KEY,
			acceptVersion: 'v6.0',
			allowHttp: false,
		},
	};
	const node = triggerNode(parameters, setup.typeVersion);
	return {
		node,
		staticData,
		context: {
			getNode: () => node,
			getNodeParameter: (
				name: string,
				fallback?: unknown,
				options?: { extractValue?: boolean },
			) => {
				const value = valueAt(parameters, name) ?? fallback;
				return options?.extractValue && value && typeof value === 'object'
					? (value as IDataObject).value
					: value;
			},
			getActivationMode: () => setup.activationMode ?? 'init',
			getWorkflow: () => ({
				id: setup.workflow?.id ?? 'wf1',
				name: setup.workflow?.name ?? 'Ghost → Campaign Monitor',
				active: true,
			}),
			getWorkflowStaticData: () => staticData,
			getNodeWebhookUrl: () => setup.webhookUrl ?? WEBHOOK_URL,
			getCredentials: async (type: string) => {
				if (!credentials[type]) throw new Error(`Node does not have credentials of type ${type}`);
				return credentials[type];
			},
			helpers: {
				httpRequestWithAuthentication: realHttpRequestWithAuthentication(
					node,
					{
						ghostMembersAdminApi: new GhostMembersAdminApi(),
						campaignMonitorApi: new CampaignMonitorApi(),
					},
					credentials,
				),
			},
		},
	};
}

export function hookContext(setup: TriggerSetup = {}) {
	const { context, staticData } = common(setup);
	return { context: context as unknown as IHookFunctions, staticData };
}

export interface RecordedResponse {
	status?: number;
	body?: unknown;
}

export function webhookContext(
	request: { rawBody?: Buffer; headers?: Record<string, string>; query?: IDataObject },
	setup: TriggerSetup = {},
) {
	const { context, staticData } = common(setup);
	const response: RecordedResponse = {};
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			return res;
		},
	};
	const headers = Object.fromEntries(
		Object.entries(request.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
	);
	const webhook = {
		...context,
		getRequestObject: () => ({ rawBody: request.rawBody, headers }),
		getHeaderData: () => headers,
		getQueryData: () => request.query ?? {},
		getBodyData: () =>
			request.rawBody?.length ? JSON.parse(request.rawBody.toString('utf8')) : {},
		getResponseObject: () => res,
	};
	return { context: webhook as unknown as IWebhookFunctions, response, staticData };
}
