/** The part of autocannon's API the delivery helper uses (autocannon ships no types). */
declare module 'autocannon' {
	namespace autocannon {
		interface Options {
			url: string;
			method?: string;
			connections?: number;
			amount?: number;
			overallRate?: number;
			duration?: number;
			timeout?: number;
			requests?: Array<{
				setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
			}>;
		}
		interface Result {
			'2xx': number;
			non2xx: number;
			timeouts: number;
			errors: number;
			latency: { p50: number; p99: number; max: number; average: number };
			requests: { average: number; total: number };
		}
	}
	function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
	export = autocannon;
}
