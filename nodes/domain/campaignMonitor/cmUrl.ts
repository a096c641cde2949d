import { checkOutboundUrl } from '../http/urlGuard';

export const CM_DEFAULT_BASE_URL = 'https://api.createsend.com/api/v3.3';

export type CmUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

/** Validates the credential's Base URL (see urlGuard) and returns it without a trailing slash. */
export function cmApiBaseUrl(baseUrl: unknown, allowHttp = false): CmUrlCheck {
	const checked = checkOutboundUrl(String(baseUrl ?? '').trim() || CM_DEFAULT_BASE_URL, {
		label: 'The Campaign Monitor Base URL',
		allowHttp,
		httpHint: 'turn on "Allow HTTP (Test Server)" in the credential for a local test server',
		refuseQueryAndFragment: true,
	});
	if (!checked.ok) return checked;
	return { ok: true, baseUrl: `${checked.url.origin}${checked.url.pathname.replace(/\/+$/, '')}` };
}
