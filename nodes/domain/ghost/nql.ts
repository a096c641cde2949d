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

/** A condition narrowed to a filter of the user's (NQL's `+` is AND), or the condition alone. */
export function withinFilter(condition: string, userFilter = ''): string {
	const within = userFilter.trim();
	return within ? `(${within})+${condition}` : condition;
}

/** Longest filter one browse carries: the query string stays well inside a server's URL limit. */
const MAX_FILTER_LENGTH = 4000;

/**
 * `email:['…','…']` filters for reading members by address, at most `perFilter` addresses and
 * about 4,000 characters each. `within` (a filter of the user's) narrows each to it.
 */
export function emailListFilters(
	emails: readonly string[],
	perFilter = 100,
	within = '',
): string[] {
	const filters: string[] = [];
	let values: string[] = [];
	let length = 0;
	const close = () => {
		if (values.length === 0) return;
		filters.push(withinFilter(`email:[${values.join(',')}]`, within));
		values = [];
		length = 0;
	};
	for (const email of emails) {
		const value = nqlString(email.trim());
		if (values.length >= perFilter || length + value.length > MAX_FILTER_LENGTH) close();
		values.push(value);
		length += value.length + 1;
	}
	close();
	return filters;
}

/** The keyset condition after `lastId`, joined to a filter of the user's. */
export function afterIdFilter(lastId: string, within = ''): string {
	return withinFilter(`id:>${nqlString(lastId)}`, within);
}
