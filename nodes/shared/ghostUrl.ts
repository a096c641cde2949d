/** Addresses of cloud metadata services: a Ghost URL pointing there is never a Ghost site. */
const METADATA_HOSTS = new Set([
	'169.254.169.254',
	'169.254.170.2',
	'fd00:ec2::254',
	'[fd00:ec2::254]',
	'metadata.google.internal',
	'metadata.goog',
	'100.100.100.200',
]);

export type GhostUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

/**
 * Validates the site URL from the credential and returns the Admin API base URL
 * (`<origin><subpath>/ghost/api/admin`). Ghost sites under a subpath keep it.
 */
export function ghostAdminApiBaseUrl(siteUrl: string, allowHttp = false): GhostUrlCheck {
	let url: URL;
	try {
		url = new URL(String(siteUrl ?? '').trim());
	} catch {
		return {
			ok: false,
			message: 'The Ghost site URL is not a valid URL (example: https://example.com)',
		};
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowHttp)) {
		return {
			ok: false,
			message:
				url.protocol === 'http:'
					? 'The Ghost site URL uses http. Use https, or turn on "Allow HTTP" in the credential for a local Ghost.'
					: 'The Ghost site URL must start with https://',
		};
	}
	const host = url.hostname.toLowerCase();
	if (METADATA_HOSTS.has(host) || host.startsWith('169.254.')) {
		return {
			ok: false,
			message: 'The Ghost site URL points at a cloud metadata address, which is not allowed',
		};
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/ghost(\/api(\/admin)?)?$/, '');
	return { ok: true, baseUrl: `${url.origin}${path}/ghost/api/admin` };
}
