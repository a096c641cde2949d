/**
 * A value quoted for Ghost's NQL filters, so `+`, `,` and brackets stay literal. NQL strings
 * know two escapes only, `\'` and `\"` (see @tryghost/nql-lang's lexer): quotes are escaped and
 * backslashes left alone, since doubling them would change the value searched for.
 */
export function nqlString(value: string): string {
	return `'${String(value).replace(/['"]/g, (quote) => `\\${quote}`)}'`;
}

/** `email:'…'` for reading one member by address. */
export function emailFilter(email: string): string {
	return `email:${nqlString(email.trim())}`;
}
