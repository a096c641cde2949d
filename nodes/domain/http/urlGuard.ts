/**
 * The check every outbound base URL (the Ghost site, the Campaign Monitor API) passes before a
 * credential is sent to it. It looks at the URL only: where a name resolves to is DNS's business,
 * which n8n's own SSRF protection covers (see the README's Security section).
 *
 * Hosts are normalised first (the URL parser's IPv4 forms, trailing dots, IPv6 brackets), then
 * refused when they are a cloud metadata service, link-local, "this host" (0.0.0.0/8), or an IPv4
 * address disguised as IPv6 (IPv4-mapped, -compatible, -translated, NAT64, 6to4): such a form is
 * never the way a site is addressed, and it slips past checks written for the plain address.
 */

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

export interface OutboundUrlRules {
	/** How messages name the URL, e.g. "The Ghost site URL". */
	label: string;
	/** Plain http allowed (a switch in the credential, off by default). */
	allowHttp: boolean;
	/** What to say when http is used and not allowed. */
	httpHint: string;
	/** Refuse `?` and `#` (a base URL other paths are appended to must have neither). */
	refuseQueryAndFragment?: boolean;
}

const METADATA_NAMES = new Set([
	'metadata.google.internal',
	'metadata.goog',
	'metadata',
	'instance-data',
	'instance-data.ec2.internal',
]);
const METADATA_IPV4 = new Set(['100.100.100.200', '169.254.169.254', '169.254.170.2']);

function parseIpv4(host: string): number[] | undefined {
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))
		return undefined;
	return parts.map(Number);
}

/** The 8 groups of an IPv6 address in the URL parser's canonical form, or undefined. */
function parseIpv6(host: string): number[] | undefined {
	if (!host.includes(':')) return undefined;
	const [head, tail] = host.split('::');
	const groups = (s: string | undefined) => (s ? s.split(':') : []);
	const left = groups(head);
	const right = host.includes('::') ? groups(tail) : [];
	const expanded = host.includes('::')
		? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
		: left;
	if (expanded.length !== 8 || !expanded.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
	return expanded.map((g) => parseInt(g, 16));
}

/** The IPv4 address hidden in an IPv6 one, when it is one of the forms that embed one. */
function embeddedIpv4(g: number[]): string | undefined {
	const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
	const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
	if (zero(0, 5) && g[5] === 0xffff) return v4(g[6], g[7]); // ::ffff:a.b.c.d (mapped)
	if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6], g[7]); // ::ffff:0:a.b.c.d (translated)
	if (zero(0, 6) && (g[6] !== 0 || g[7] > 1)) return v4(g[6], g[7]); // ::a.b.c.d (compatible)
	if (g[0] === 0x64 && g[1] === 0xff9b) return v4(g[6], g[7]); // 64:ff9b::/32 (NAT64)
	if (g[0] === 0x2002) return v4(g[1], g[2]); // 2002::/16 (6to4)
	return undefined;
}

/** Lower-cased host without brackets or trailing dots. */
export function normaliseHost(hostname: string): string {
	return hostname
		.toLowerCase()
		.replace(/^\[|\]$/g, '')
		.replace(/\.+$/, '');
}

/** Why a host must not receive credentials, or undefined when it may. */
export function forbiddenHostReason(hostname: string): string | undefined {
	const host = normaliseHost(hostname);
	if (METADATA_NAMES.has(host)) return 'a cloud metadata address';
	const ipv6 = parseIpv6(host);
	if (ipv6) {
		const hidden = embeddedIpv4(ipv6);
		if (hidden !== undefined) {
			return `an IPv4 address written as IPv6 (write ${hidden} itself, if it is really meant)`;
		}
		if (ipv6.every((g) => g === 0)) return 'the "this host" address ::';
		if (host === 'fd00:ec2::254') return 'a cloud metadata address';
		if ((ipv6[0] & 0xffc0) === 0xfe80) return 'a link-local address';
		return undefined;
	}
	const ipv4 = parseIpv4(host);
	if (ipv4) {
		if (METADATA_IPV4.has(host)) return 'a cloud metadata address';
		if (ipv4[0] === 169 && ipv4[1] === 254) return 'a link-local address';
		if (ipv4[0] === 0) return 'the "this host" address 0.0.0.0';
	}
	return undefined;
}

/** Checks a URL a credential will be sent to. */
export function checkOutboundUrl(raw: unknown, rules: OutboundUrlRules): UrlCheck {
	const text = String(raw ?? '').trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {
			ok: false,
			message: `${rules.label} is not a valid URL (example: https://example.com)`,
		};
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowHttp)) {
		return {
			ok: false,
			message:
				url.protocol === 'http:'
					? `${rules.label} uses http. Use https, or ${rules.httpHint}.`
					: `${rules.label} must start with https://`,
		};
	}
	if (url.username || url.password) {
		return { ok: false, message: `${rules.label} must not contain a user name or password` };
	}
	if (rules.refuseQueryAndFragment && /[?#]/.test(text)) {
		return { ok: false, message: `${rules.label} must not contain "?" or "#"` };
	}
	const reason = forbiddenHostReason(url.hostname);
	if (reason)
		return { ok: false, message: `${rules.label} points at ${reason}, which is not allowed` };
	return { ok: true, url };
}
