/**
 * The health page and the reader lookup as HTML (n8n's Form node shows it), from plain data.
 * Every value is escaped; no member data but the address the publisher typed is shown.
 */

export interface DayCount {
	day: string;
	runs: number;
	failed: number;
}

export interface HealthModel {
	site: string;
	list: string;
	/** Red lines: each says what to do. */
	problems: string[];
	/** Repairs made by this look (delivery paths). */
	repairs: string[];
	days: DayCount[];
	deadLettersPending: number;
	lastCatchUp: string;
	lastFullSync: string;
	webhooks: Array<{ path: string; state: string; ok: boolean }>;
	credentials: Array<{ name: string; state: string; ok: boolean }>;
}

const escape = (text: unknown) =>
	String(text ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
	);

const STYLE =
	'<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;color:#1b1f24}' +
	'h1{font-size:1.4rem}h2{font-size:1.05rem;margin-top:1.5rem}table{border-collapse:collapse;width:100%}' +
	'td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e4e6e8}.bad{color:#b42318;font-weight:600}' +
	'.good{color:#067647}.red{background:#fef3f2;border-left:4px solid #b42318;padding:.5rem .8rem;margin:.4rem 0}' +
	'.fixed{background:#ecfdf3;border-left:4px solid #067647;padding:.5rem .8rem;margin:.4rem 0}</style>';

/** Seven days of site sync runs as a small bar chart (runs, failed ones in red). */
function chart(days: DayCount[]): string {
	const most = Math.max(1, ...days.map((d) => d.runs));
	const bars = days
		.map((d, i) => {
			const h = Math.round((d.runs / most) * 60);
			const f = Math.round((d.failed / most) * 60);
			const x = 10 + i * 40;
			return (
				`<rect x="${x}" y="${70 - h}" width="26" height="${h}" fill="#2e90fa"/>` +
				`<rect x="${x}" y="${70 - f}" width="26" height="${f}" fill="#d92d20"/>` +
				`<text x="${x + 13}" y="84" font-size="9" text-anchor="middle">${escape(d.day.slice(5))}</text>` +
				`<text x="${x + 13}" y="${66 - h}" font-size="9" text-anchor="middle">${d.runs}</text>`
			);
		})
		.join('');
	return `<svg viewBox="0 0 300 90" width="300" height="90" role="img" aria-label="site sync runs per day">${bars}</svg>`;
}

const rows = (items: Array<{ name?: string; path?: string; state: string; ok: boolean }>) =>
	items
		.map(
			(item) =>
				`<tr><td>${escape(item.name ?? item.path)}</td><td class="${item.ok ? 'good' : 'bad'}">${escape(item.state)}</td></tr>`,
		)
		.join('');

export function healthPage(model: HealthModel): string {
	const today = model.days[model.days.length - 1];
	return [
		`<!doctype html><html><head><meta charset="utf-8"><title>Ghost → Campaign Monitor: ${escape(model.site)}</title>${STYLE}</head><body>`,
		`<h1>Ghost → Campaign Monitor: ${escape(model.site)}</h1><p>List: ${escape(model.list)}</p>`,
		...model.problems.map((p) => `<div class="red">${escape(p)}</div>`),
		...model.repairs.map((r) => `<div class="fixed">${escape(r)}</div>`),
		model.problems.length === 0 ? '<p class="good">Everything works.</p>' : '',
		`<h2>Site sync runs</h2><p>Today: ${today?.runs ?? 0} (${today?.failed ?? 0} failed); last 7 days: ${model.days.reduce((n, d) => n + d.runs, 0)}</p>${chart(model.days)}`,
		`<h2>Waiting</h2><p>Dead letters pending: <span class="${model.deadLettersPending ? 'bad' : 'good'}">${model.deadLettersPending}</span></p>`,
		`<h2>Repairs</h2><p>Last catch-up: ${escape(model.lastCatchUp)}</p><p>Last full sync: ${escape(model.lastFullSync)}</p>`,
		`<h2>Delivery paths</h2><table>${rows(model.webhooks)}</table>`,
		`<h2>Credentials</h2><table>${rows(model.credentials)}</table>`,
		'</body></html>',
	].join('');
}

/** The reader lookup's answer as a page. */
export function readerPage(answer: {
	email: string;
	expected: string;
	reason: string;
	decision: string;
	inStep: boolean;
	ghost: Record<string, unknown>;
	campaignMonitor: Record<string, unknown>;
	differences: Array<{ field: string; ghost: string; campaignMonitor: string }>;
	deadLettersPending: number;
	repaired?: string;
	lastCatchUp?: unknown;
	lastFullSync?: unknown;
}): string {
	const ghost = answer.ghost.found
		? `${escape(answer.ghost.status)}; newsletters: ${escape((answer.ghost.newsletters as string[]).join(', ') || 'none')}${answer.ghost.suppressed ? `; suppressed (${escape(answer.ghost.suppressed)})` : ''}; labels: ${escape((answer.ghost.labels as string[]).join(', ') || 'none')}`
		: 'no member with this address';
	const cm = answer.campaignMonitor.found
		? escape(answer.campaignMonitor.state)
		: 'not in the list';
	const differences = answer.differences.length
		? `<table><tr><th>field</th><th>Ghost</th><th>Campaign Monitor</th></tr>${answer.differences
				.map(
					(d) =>
						`<tr><td>${escape(d.field)}</td><td>${escape(d.ghost)}</td><td>${escape(d.campaignMonitor)}</td></tr>`,
				)
				.join('')}</table>`
		: '<p class="good">No field differs.</p>';
	const said = (v: unknown) =>
		v && typeof v === 'object'
			? `${escape((v as Record<string, unknown>).said)} (${escape((v as Record<string, unknown>).at)})`
			: 'none yet';
	return [
		`<!doctype html><html><head><meta charset="utf-8"><title>${escape(answer.email)}</title>${STYLE}</head><body>`,
		`<h1>${escape(answer.email)}</h1>`,
		answer.repaired ? `<div class="fixed">${escape(answer.repaired)}</div>` : '',
		`<p class="${answer.inStep ? 'good' : 'bad'}">Should be: ${escape(answer.expected)}. Why: ${escape(answer.reason)}. ${answer.inStep ? 'Campaign Monitor agrees.' : `A sync would now: ${escape(answer.decision)}.`}</p>`,
		`<table><tr><td>Ghost</td><td>${ghost}</td></tr><tr><td>Campaign Monitor</td><td>${cm}</td></tr>`,
		`<tr><td>Dead letters pending</td><td>${answer.deadLettersPending}</td></tr>`,
		`<tr><td>Last catch-up</td><td>${said(answer.lastCatchUp)}</td></tr><tr><td>Last full sync</td><td>${said(answer.lastFullSync)}</td></tr></table>`,
		`<h2>Fields</h2>${differences}`,
		'</body></html>',
	].join('');
}
