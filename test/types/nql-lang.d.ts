// Ghost's NQL parser (the same one Ghost runs), used in tests to read back the filters we build.
declare module '@tryghost/nql-lang' {
	export function parse(filter: string): unknown;
}
