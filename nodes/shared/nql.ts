/** A value quoted for Ghost's NQL filters: quotes and backslashes escaped, so `+` and `,` stay literal. */
export function nqlString(value: string): string {
	return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `email:'…'` for reading one member by address. */
export function emailFilter(email: string): string {
	return `email:${nqlString(email.trim())}`;
}
