/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test of the simulator: a local webhook receiver and waits for its batched deliveries; never shipped */
import http from 'node:http';

import clients from '../fixtures/campaign-monitor/clients.json';
import customFields from '../fixtures/campaign-monitor/custom_fields.json';
import errors from '../fixtures/campaign-monitor/errors.json';
import importOk from '../fixtures/campaign-monitor/import_subscribers.json';
import importPartial from '../fixtures/campaign-monitor/import_subscribers_partial_success.http400.json';
import listDetails from '../fixtures/campaign-monitor/list_details.json';
import lists from '../fixtures/campaign-monitor/lists.json';
import subscriberDetails from '../fixtures/campaign-monitor/subscriber_details.json';
import { startSimulator, type CampaignMonitorSimulator } from './server';

const KEY = 'sim-api-key';
const DETAILS_LIST = listDetails.ListID;
const LIST_ONE = lists[0].ListID;

let sim: CampaignMonitorSimulator;
beforeEach(async () => {
	sim = await startSimulator();
});
afterEach(async () => {
	await sim.close();
});

async function cm(method: string, path: string, body?: unknown, apiKey: string | null = KEY) {
	const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
	if (apiKey !== null)
		headers.Authorization = `Basic ${Buffer.from(`${apiKey}:x`).toString('base64')}`;
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

const subscriber = (email: string, extra: Record<string, unknown> = {}) => ({
	EmailAddress: email,
	Name: 'Someone',
	ConsentToTrack: 'Yes',
	...extra,
});

describe('Campaign Monitor simulator answers with the recorded fixtures', () => {
	it.each([
		['/clients.json', clients],
		[`/clients/${clients[0].ClientID}/lists.json`, lists],
		[`/lists/${DETAILS_LIST}.json`, listDetails],
		[`/lists/${DETAILS_LIST}/customfields.json`, customFields],
		// The recorded answer is createsend-ruby's subscriber_details_with_track_and_sms_pref.json:
		// the read that asks for the tracking preferences.
		[
			`/subscribers/${DETAILS_LIST}.json?email=subscriber%40example.com&includetrackingpreference=true`,
			subscriberDetails,
		],
	])('GET %s', async (path, expected) => {
		expect(await cm('GET', path)).toMatchObject({ status: 200, body: expected });
	});

	it('reads query names and paths case-insensitively', async () => {
		const answer = await cm(
			'GET',
			`/Subscribers/${DETAILS_LIST}.json?Email=SUBSCRIBER%40example.com&IncludeTrackingPreference=true`,
		);
		expect(answer).toMatchObject({ status: 200, body: subscriberDetails });
	});

	it('imports like the fixture says, and reports partial failures as HTTP 400 code 210', async () => {
		const ok = await cm('POST', `/subscribers/${LIST_ONE}/import.json`, {
			Subscribers: ['a@example.com', 'b@example.com', 'c@example.com'].map((e) => subscriber(e)),
			Resubscribe: false,
		});
		expect(ok).toEqual({ status: 201, headers: expect.anything(), body: importOk });

		const partial = await cm('POST', `/subscribers/${LIST_ONE}/import.json`, {
			Subscribers: [
				subscriber('a@example.com'),
				subscriber('b@example.com'),
				subscriber('example+1@example'),
			],
			Resubscribe: false,
		});
		expect(partial.status).toBe(400);
		expect(partial.body).toEqual(importPartial);
	});

	it.each([
		['basic_auth_missing', null],
		['invalid_api_key', 'wrong-key'],
	] as const)('answers %s like the live API', async (name, apiKey) => {
		const answer = await cm('GET', '/clients.json', undefined, apiKey);
		expect({ status: answer.status, body: answer.body }).toEqual(errors[name]);
	});

	it('answers an unknown list with 401 code 101', async () => {
		const answer = await cm('GET', '/lists/ffffffffffffffffffffffffffffffff/customfields.json');
		expect({ status: answer.status, body: answer.body }).toEqual(errors.invalid_list_id);
	});

	it.each([
		['POST', 'unsubscribe.json'],
		['DELETE', 'delete'],
		['PUT', 'update'],
		['GET', 'get'],
	])('answers 400 code 203 for a subscriber not in the list (%s %s)', async (method, what) => {
		const path =
			what === 'unsubscribe.json'
				? `/subscribers/${LIST_ONE}/unsubscribe.json`
				: `/subscribers/${LIST_ONE}.json?email=nobody%40example.com`;
		const answer = await cm(
			method,
			path,
			method === 'GET' || method === 'DELETE' ? undefined : subscriber('nobody@example.com'),
		);
		expect({ status: answer.status, body: answer.body }).toEqual(errors.subscriber_not_in_list);
	});

	it('answers the recorded bodies for bad email, oversize batch and undeserialisable JSON', async () => {
		const bad = await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('not-an-email'));
		expect({ status: bad.status, body: bad.body }).toEqual(errors.invalid_email);
		const many = Array.from({ length: 1001 }, (_, i) => subscriber(`p${i}@example.com`));
		const big = await cm('POST', `/subscribers/${LIST_ONE}/import.json`, { Subscribers: many });
		expect({ status: big.status, body: big.body }).toEqual(errors.too_many_in_batch);
		const garbled = await cm('POST', `/subscribers/${LIST_ONE}.json`, '{"EmailAddress": ');
		expect(garbled.status).toBe(400);
		expect(garbled.body.Code).toBe(400);
		expect(garbled.body.Message).toMatch(/^Failed to deserialize your request/);
	});

	it('rate-limits with the X-RateLimit headers and the recorded body', async () => {
		sim.rateLimit = { limit: 2, windowSeconds: 60 };
		await cm('GET', '/clients.json');
		await cm('GET', '/clients.json');
		const limited = await cm('GET', '/clients.json');
		expect({ status: limited.status, body: limited.body }).toEqual({
			status: 429,
			body: errors.rate_limited.body,
		});
		expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
	});

	it('rate-limits per list when asked: one list over its limit leaves another list alone, and 429s are counted', async () => {
		sim.rateLimit = { limit: 2, windowSeconds: 60, per: 'list' };
		const other = lists[1].ListID;
		expect(
			(await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('a1@example.com'))).status,
		).toBe(201);
		expect(
			(await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('a2@example.com'))).status,
		).toBe(201);
		const limited = await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('a3@example.com'));
		expect({ status: limited.status, body: limited.body }).toEqual({
			status: 429,
			body: errors.rate_limited.body,
		});
		expect(
			(await cm('POST', `/subscribers/${other}.json`, subscriber('b1@example.com'))).status,
		).toBe(201);
		expect(sim.requests.rateLimited).toBe(1);
		expect(sim.adds.get(`${LIST_ONE.toLowerCase()}|a1@example.com`)).toBe(1);
		expect(sim.adds.has(`${LIST_ONE.toLowerCase()}|a3@example.com`)).toBe(false);
	});

	it('throttles one address added too often', async () => {
		sim.subscriberAddLimit = { count: 2, windowSeconds: 60 };
		await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('busy@example.com'));
		await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('busy@example.com'));
		const third = await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('busy@example.com'));
		expect({ status: third.status, body: third.body }).toEqual(errors.subscriber_rate_limited);
	});
});

describe('Campaign Monitor simulator behaviour', () => {
	it('adds with 201 and the email as a JSON string, then reads it back Active', async () => {
		const add = await cm(
			'POST',
			`/subscribers/${LIST_ONE}.json`,
			subscriber('New.Person@example.com'),
		);
		expect(add).toMatchObject({ status: 201, body: 'New.Person@example.com' });
		const got = await cm(
			'GET',
			`/subscribers/${LIST_ONE}.json?email=new.person%40example.com&includetrackingpreference=true`,
		);
		expect(got.body).toMatchObject({
			EmailAddress: 'New.Person@example.com',
			State: 'Active',
			ConsentToTrack: 'Yes',
		});
	});

	it('requires ConsentToTrack', async () => {
		const answer = await cm('POST', `/subscribers/${LIST_ONE}.json`, {
			EmailAddress: 'x@example.com',
		});
		expect(answer).toMatchObject({ status: 400, body: { Code: 214 } });
	});

	it('drops unknown custom field keys and invalid dates, keeps brackets or not, cuts text at 250', async () => {
		await cm('POST', `/lists/${LIST_ONE}/customfields.json`, {
			FieldName: 'ghost_status',
			DataType: 'Text',
		});
		await cm('POST', `/lists/${LIST_ONE}/customfields.json`, {
			FieldName: 'ghost_signup_date',
			DataType: 'Date',
		});
		await cm(
			'POST',
			`/subscribers/${LIST_ONE}.json`,
			subscriber('f@example.com', {
				CustomFields: [
					{ Key: '[ghost_status]', Value: 'x'.repeat(300) },
					{ Key: 'ghost_signup_date', Value: '2077-01-01' },
					{ Key: 'unknown_field', Value: 'dropped' },
				],
			}),
		);
		let got = await cm('GET', `/subscribers/${LIST_ONE}.json?email=f%40example.com`);
		expect(got.body.CustomFields).toEqual([{ Key: 'ghost_status', Value: 'x'.repeat(250) }]);
		await cm(
			'POST',
			`/subscribers/${LIST_ONE}.json`,
			subscriber('f@example.com', {
				CustomFields: [
					{ Key: 'ghost_signup_date', Value: '2026-03-02' },
					{ Key: 'ghost_status', Value: '', Clear: true },
				],
			}),
		);
		got = await cm('GET', `/subscribers/${LIST_ONE}.json?email=f%40example.com`);
		expect(got.body.CustomFields).toEqual([{ Key: 'ghost_signup_date', Value: '2026-03-02' }]);
	});

	it('creates custom fields with bracketed keys and refuses duplicates (255)', async () => {
		const created = await cm('POST', `/lists/${LIST_ONE}/customfields.json`, {
			FieldName: 'Favourite Colour',
			DataType: 'Text',
		});
		expect(created).toMatchObject({ status: 201, body: '[FavouriteColour]' });
		const again = await cm('POST', `/lists/${LIST_ONE}/customfields.json`, {
			FieldName: 'favourite colour',
			DataType: 'Text',
		});
		expect(again).toMatchObject({ status: 400, body: { Code: 255 } });
	});

	it('renames with PUT ?email=old, never creates with PUT, and refuses a taken address', async () => {
		await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('old@example.com'));
		await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('taken@example.com'));
		const rename = await cm(
			'PUT',
			`/subscribers/${LIST_ONE}.json?email=old%40example.com`,
			subscriber('new@example.com', { ConsentToTrack: 'Unchanged' }),
		);
		expect(rename.status).toBe(200);
		const state = sim.account
			.snapshot()
			.lists.find((l) => l.ListID === LIST_ONE)!
			.subscribers.map((s) => s.EmailAddress)
			.sort();
		expect(state).toEqual(['new@example.com', 'taken@example.com']);
		const clash = await cm(
			'PUT',
			`/subscribers/${LIST_ONE}.json?email=new%40example.com`,
			subscriber('taken@example.com'),
		);
		expect(clash).toMatchObject({ status: 400, body: { Code: 201 } });
	});

	it('moves states: unsubscribe, delete, and Resubscribe only when asked', async () => {
		await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('s@example.com'));
		expect(
			(
				await cm('POST', `/subscribers/${LIST_ONE}/unsubscribe.json`, {
					EmailAddress: 's@example.com',
				})
			).status,
		).toBe(200);
		await cm(
			'POST',
			`/subscribers/${LIST_ONE}.json`,
			subscriber('s@example.com', { Name: 'Renamed' }),
		);
		let got = await cm('GET', `/subscribers/${LIST_ONE}.json?email=s%40example.com`);
		expect(got.body).toMatchObject({ State: 'Unsubscribed', Name: 'Renamed' });
		await cm(
			'POST',
			`/subscribers/${LIST_ONE}.json`,
			subscriber('s@example.com', { Resubscribe: true }),
		);
		got = await cm('GET', `/subscribers/${LIST_ONE}.json?email=s%40example.com`);
		expect(got.body.State).toBe('Active');
		expect((await cm('DELETE', `/subscribers/${LIST_ONE}.json?email=s%40example.com`)).status).toBe(
			200,
		);
		got = await cm('GET', `/subscribers/${LIST_ONE}.json?email=s%40example.com`);
		expect(got.body.State).toBe('Deleted');
	});

	it('import refuses inactive subscribers without Resubscribe (206) and counts duplicates', async () => {
		await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('gone@example.com'));
		await cm('POST', `/subscribers/${LIST_ONE}/unsubscribe.json`, {
			EmailAddress: 'gone@example.com',
		});
		const answer = await cm('POST', `/subscribers/${LIST_ONE}/import.json`, {
			Subscribers: [
				subscriber('gone@example.com'),
				subscriber('dup@example.com'),
				subscriber('DUP@example.com'),
			],
			Resubscribe: false,
		});
		expect(answer.status).toBe(400);
		expect(answer.body.ResultData).toMatchObject({
			TotalUniqueEmailsSubmitted: 2,
			TotalNewSubscribers: 1,
			DuplicateEmailsInSubmission: ['DUP@example.com'],
			FailureDetails: [{ EmailAddress: 'gone@example.com', Code: 206 }],
		});
	});

	it('pages the active list (10..1000 per page)', async () => {
		const many = Array.from({ length: 25 }, (_, i) =>
			subscriber(`m${String(i).padStart(2, '0')}@example.com`),
		);
		await cm('POST', `/subscribers/${LIST_ONE}/import.json`, { Subscribers: many });
		const page = await cm(
			'GET',
			`/lists/${LIST_ONE}/active.json?page=3&pagesize=10&orderfield=email&orderdirection=asc`,
		);
		expect(page.body).toMatchObject({
			PageNumber: 3,
			PageSize: 10,
			RecordsOnThisPage: 5,
			TotalNumberOfRecords: 25,
			NumberOfPages: 3,
		});
		expect(page.body.Results[0].EmailAddress).toBe('m20@example.com');
	});

	it('injects faults by count and counts requests per route', async () => {
		sim.addFault({ method: 'POST', path: '^/subscribers/', status: 500, times: 1 });
		const first = await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('z@example.com'));
		expect({ status: first.status, body: first.body }).toEqual(errors.server_error);
		expect(
			(await cm('POST', `/subscribers/${LIST_ONE}.json`, subscriber('z@example.com'))).status,
		).toBe(201);
		expect(sim.requests.byRoute['POST /subscribers/{id}.json']).toBe(2);
	});

	it('drops connections when told to', async () => {
		sim.addFault({ path: '^/clients', drop: true });
		await expect(cm('GET', '/clients.json')).rejects.toThrow();
		expect((await cm('GET', '/clients.json')).status).toBe(200);
	});
});

describe('list webhooks', () => {
	it('registers, lists, tests, deactivates and deletes webhooks as Campaign Monitor does', async () => {
		const sim = await startSimulator({ seed: 'empty' });
		sim.account.addClient({ ClientID: 'c'.repeat(32), Name: 'P' });
		sim.account.addList('c'.repeat(32), { ListID: 'l'.repeat(32), Title: 'L' });
		const received: unknown[] = [];
		const target = http.createServer((req, res) => {
			let text = '';
			req.on('data', (c) => (text += c));
			req.on('end', () => {
				received.push(JSON.parse(text));
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(target.address() as { port: number }).port}/hook`;
		const api = (method: string, path: string, body?: unknown) =>
			fetch(`${sim.url}${path}`, {
				method,
				headers: {
					Authorization: `Basic ${Buffer.from('sim-api-key:x').toString('base64')}`,
					'Content-Type': 'application/json',
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		const list = 'l'.repeat(32);
		const created = await api('POST', `/lists/${list}/webhooks.json`, {
			Events: ['Subscribe', 'Deactivate', 'Update'],
			Url: url,
			PayloadFormat: 'json',
		});
		expect(created.status).toBe(201);
		const id = await created.json();
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(await (await api('GET', `/lists/${list}/webhooks.json`)).json()).toEqual([
			{
				WebhookID: id,
				Events: ['Subscribe', 'Deactivate', 'Update'],
				Url: url,
				Status: 'Active',
				PayloadFormat: 'Json',
			},
		]);
		expect((await api('GET', `/lists/${list}/webhooks/${id}/test.json`)).status).toBe(200);

		// An add, an unsubscribe-link click, a rename: batched into one delivery per moment.
		await api('POST', `/subscribers/${list}.json`, {
			EmailAddress: 'ada@example.com',
			Name: 'Ada',
			ConsentToTrack: 'Yes',
		});
		await new Promise((resolve) => setTimeout(resolve, 300));
		sim.account.setState(list, 'ada@example.com', 'Unsubscribed');
		await new Promise((resolve) => setTimeout(resolve, 300));
		const events = (
			received as Array<{ Events: Array<{ Type: string; State?: string }>; ListID: string }>
		)
			.slice(1)
			.flatMap((d) => d.Events.map((e) => [e.Type, e.State ?? '']));
		expect(events).toEqual([
			['Subscribe', ''],
			['Deactivate', 'Unsubscribed'],
		]);
		// Unsubscribing again changes nothing, so nothing is sent.
		await api('POST', `/subscribers/${list}/unsubscribe.json`, { EmailAddress: 'ada@example.com' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(received).toHaveLength(3);

		expect((await api('PUT', `/lists/${list}/webhooks/${id}/deactivate.json`)).status).toBe(200);
		expect((await api('DELETE', `/lists/${list}/webhooks/${id}.json`)).status).toBe(200);
		expect(await (await api('GET', `/lists/${list}/webhooks.json`)).json()).toEqual([]);
		target.close();
		await sim.close();
	});
});
