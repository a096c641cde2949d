import { checkOutboundUrl, normaliseHost } from '../http/urlGuard';

/** Where n8n answers its own public API from inside its process or container. */
export const N8N_API_DEFAULT_BASE_URL = 'http://localhost:5678/api/v1';

export type N8nApiUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

function isLoopback(hostname: string): boolean {
	const host = normaliseHost(hostname);
	return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Validates the n8n API credential's Base URL (see urlGuard) and returns it without a trailing
 * slash. Plain http is fine for n8n talking to itself on loopback; any other host needs https
 * unless the credential allows http (a private network).
 */
export function n8nApiBaseUrl(baseUrl: unknown, allowHttp = false): N8nApiUrlCheck {
	const text = String(baseUrl ?? '').trim() || N8N_API_DEFAULT_BASE_URL;
	let loopback = false;
	try {
		loopback = isLoopback(new URL(text).hostname);
	} catch {
		// checkOutboundUrl says what is wrong with it.
	}
	const checked = checkOutboundUrl(text, {
		label: 'The n8n API Base URL',
		allowHttp: allowHttp || loopback,
		httpHint: 'turn on "Allow HTTP" in the credential for an n8n on your private network',
		refuseQueryAndFragment: true,
	});
	if (!checked.ok) return checked;
	const path = checked.url.pathname.replace(/\/+$/, '');
	return { ok: true, baseUrl: `${checked.url.origin}${path || '/api/v1'}` };
}
