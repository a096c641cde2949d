import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * Stands in for n8n's `httpRequestWithAuthentication`: applies the credential type's own
 * `authenticate` (as n8n's CredentialsHelper does), sends the request for real (so nock sees
 * it), and fails the way n8n does: a NodeApiError wrapping an axios-shaped error.
 */
export function realHttpRequestWithAuthentication(
	node: INode,
	credentialTypes: Record<string, ICredentialType>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
) {
	return async function (credentialType: string, options: IHttpRequestOptions): Promise<unknown> {
		const type = credentialTypes[credentialType];
		const data = credentials[credentialType];
		if (!type || !data) throw new Error(`No credentials of type ${credentialType}`);
		let request = options;
		if (typeof type.authenticate === 'function') {
			request = await type.authenticate(data, options);
		} else if (type.authenticate?.type === 'generic') {
			const auth = type.authenticate.properties.auth as
				| { username?: string; password?: string }
				| undefined;
			if (auth)
				request = {
					...request,
					auth: { username: String(data.apiKey), password: auth.password ?? '' },
				};
		}
		return await send(node, request);
	};
}

async function send(node: INode, options: IHttpRequestOptions): Promise<unknown> {
	const url = new URL(options.url, options.baseURL);
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		if (value !== undefined) url.searchParams.set(key, String(value));
	}
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(options.headers ?? {})) headers[key] = String(value);
	if (options.auth) {
		headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
	}
	let body: string | undefined;
	if (options.body !== undefined && options.method !== 'GET') {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const response = await fetch(url, { method: options.method ?? 'GET', headers, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : '';
	} catch {
		/* not JSON: keep the text */
	}
	const responseHeaders = Object.fromEntries(response.headers.entries());
	if (!response.ok) {
		const error = Object.assign(new Error(`Request failed with status code ${response.status}`), {
			isAxiosError: true,
			response: { status: response.status, data: parsed, headers: responseHeaders },
		});
		throw new NodeApiError(node, error as never, { httpCode: String(response.status) });
	}
	return options.returnFullResponse
		? { statusCode: response.status, body: parsed, headers: responseHeaders }
		: parsed;
}
