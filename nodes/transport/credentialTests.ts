import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { cmApiBaseUrl } from '../shared/cmUrl';
import { describeCmError } from '../shared/cmErrors';
import { createAdminToken } from '../shared/ghostAdminToken';
import { ghostAdminApiBaseUrl } from '../shared/ghostUrl';
import {
	DEFAULT_TIMEOUT_MS,
	httpErrorDetails,
	isRedirect,
	redirectMessage,
} from '../shared/httpError';
import { redact } from '../shared/redact';

// Credential tests as functions rather than declarative test requests: a test request would
// send the key to whatever URL the form holds, skipping the guard every real request passes.
// Same rules here: guarded URL, no redirects followed, bounded wait.

type Probe =
	| { ok: true }
	| { ok: false; status?: number; body?: unknown; headers?: Record<string, unknown> };

async function probe(this: ICredentialTestFunctions, request: IDataObject): Promise<Probe> {
	try {
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions -- a credential test's context offers only `request` (ICredentialTestFunctions); redirects are off below
		await this.helpers.request({
			...request,
			method: 'GET',
			json: true,
			followRedirect: false,
			followAllRedirects: false,
			timeout: DEFAULT_TIMEOUT_MS,
		});
		return { ok: true };
	} catch (error) {
		return { ok: false, ...httpErrorDetails(error) };
	}
}

export async function campaignMonitorApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const apiKey = String(data.apiKey ?? '').trim();
	if (!apiKey) return { status: 'Error', message: 'Enter the API key' };
	const base = cmApiBaseUrl(data.baseUrl, data.allowHttp === true);
	if (!base.ok) return { status: 'Error', message: base.message };
	const result = await probe.call(this, {
		uri: `${base.baseUrl}/clients.json`,
		auth: { user: apiKey, pass: 'x' },
	});
	if (result.ok) return { status: 'OK', message: 'Connection successful' };
	if (isRedirect(result.status)) {
		return {
			status: 'Error',
			message: redirectMessage('Campaign Monitor', result.status, result.headers),
		};
	}
	const described = describeCmError(result.status, result.body, [apiKey]);
	return { status: 'Error', message: `Campaign Monitor: ${described.message}` };
}

export async function ghostMembersAdminApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const site = ghostAdminApiBaseUrl(String(data.url ?? ''), data.allowHttp === true);
	if (!site.ok) return { status: 'Error', message: site.message };
	let token: string;
	try {
		token = createAdminToken(String(data.apiKey ?? ''));
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const result = await probe.call(this, {
		uri: `${site.baseUrl}/members/`,
		qs: { limit: 1, fields: 'id' },
		headers: {
			Authorization: `Ghost ${token}`,
			'Accept-Version': String(data.acceptVersion || 'v6.0'),
		},
	});
	if (result.ok) return { status: 'OK', message: 'Connection successful' };
	if (isRedirect(result.status)) {
		return { status: 'Error', message: redirectMessage('Ghost', result.status, result.headers) };
	}
	if (result.status === 401 || result.status === 403) {
		return { status: 'Error', message: 'Ghost refused the Admin API key' };
	}
	return {
		status: 'Error',
		message: result.status
			? `Ghost answered ${result.status}: is this the site's address?`
			: redact(`Could not reach Ghost at ${site.baseUrl}`),
	};
}
