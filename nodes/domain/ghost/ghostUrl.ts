import { checkOutboundUrl } from '../http/urlGuard';

export type GhostUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

/**
 * Validates the site URL from the credential (see urlGuard) and returns the Admin API base URL
 * (`<origin><subpath>/ghost/api/admin`). Ghost sites under a subpath keep it.
 */
export function ghostAdminApiBaseUrl(siteUrl: string, allowHttp = false): GhostUrlCheck {
	const checked = checkOutboundUrl(siteUrl, {
		label: 'The Ghost site URL',
		allowHttp,
		httpHint: 'turn on "Allow HTTP" in the credential for a local Ghost',
		refuseQueryAndFragment: true,
	});
	if (!checked.ok) return checked;
	const { url } = checked;
	const path = url.pathname.replace(/\/+$/, '').replace(/\/ghost(\/api(\/admin)?)?$/, '');
	return { ok: true, baseUrl: `${url.origin}${path}/ghost/api/admin` };
}
