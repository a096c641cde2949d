/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a test of the simulator: waits out its queued adds; never shipped */
/**
 * The simulator held to Campaign Monitor's own answers. Each case names where the expected code
 * or shape comes from: the official client libraries (github.com/campaignmonitor/createsend-*,
 * their recorded fixtures and tests) or Campaign Monitor's API pages. What is not knowable
 * without the SaaS is listed in docs/development.md ("The Campaign Monitor simulator").
 */
import { startSimulator, type CampaignMonitorSimulator } from './server';

const KEY = 'sim-api-key';
const CLIENT = 'c'.repeat(32);
const LIST = 'a'.repeat(32);

let sim: CampaignMonitorSimulator;
beforeEach(async () => {
	sim = await startSimulator({ seed: 'empty' });
	sim.account.addClient({ ClientID: CLIENT, Name: 'Publisher' });
	sim.account.addList(CLIENT, { ListID: LIST, Title: 'Members' });
});
afterEach(async () => {
	await sim.close();
});

async function cm(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			Authorization: `Basic ${Buffer.from(`${KEY}:x`).toString('base64')}`,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const addSubscriber = (email: string, extra: Record<string, unknown> = {}) =>
	cm('POST', `/subscribers/${LIST}.json`, {
		EmailAddress: email,
		Name: 'Reader',
		ConsentToTrack: 'Yes',
		...extra,
	});
const read = (email: string, query = '') =>
	cm('GET', `/subscribers/${LIST}.json?email=${encodeURIComponent(email)}${query}`);
const fieldValues = (subscriber: { CustomFields: Array<{ Key: string; Value: string }> }) =>
	subscriber.CustomFields.map((f) => `${f.Key}=${f.Value}`);

describe('custom fields (campaignmonitor.com/api/v2/method/list-createcustomfield return codes; createsend-ruby test/list_test.rb)', () => {
	it('an empty field name: 400 code 254 "Invalid FieldName" (250 is a duplicate list title)', async () => {
		expect(
			await cm('POST', `/lists/${LIST}/customfields.json`, { FieldName: ' ', DataType: 'Text' }),
		).toMatchObject({ status: 400, body: { Code: 254 } });
	});

	it('a MultiSelect field without options: 257; Options on a Text or Number field: 256', async () => {
		expect(
			await cm('POST', `/lists/${LIST}/customfields.json`, {
				FieldName: 'Interests',
				DataType: 'MultiSelectMany',
				Options: [],
			}),
		).toMatchObject({ status: 400, body: { Code: 257 } });
		for (const DataType of ['Text', 'Number'])
			expect(
				await cm('POST', `/lists/${LIST}/customfields.json`, {
					FieldName: `Plain ${DataType}`,
					DataType,
					Options: ['one'],
				}),
			).toMatchObject({ status: 400, body: { Code: 256 } });
		// createsend-ruby's "create a custom field" sends `"Options":[]` for a Date field: accepted.
		expect(
			await cm('POST', `/lists/${LIST}/customfields.json`, {
				FieldName: 'new date field',
				DataType: 'Date',
				Options: [],
				VisibleInPreferenceCenter: true,
			}),
		).toMatchObject({ status: 201, body: '[newdatefield]' });
	});

	it('DELETE lists/{id}/customfields/{key}.json answers 200 and the field is gone (ruby "delete a custom field", php tests/csrest_lists_test.php)', async () => {
		await cm('POST', `/lists/${LIST}/customfields.json`, {
			FieldName: 'new date field',
			DataType: 'Date',
		});
		await addSubscriber('dated@example.com', {
			CustomFields: [{ Key: '[newdatefield]', Value: '2011-04-05' }],
		});
		expect(
			await cm(
				'DELETE',
				`/lists/${LIST}/customfields/${encodeURIComponent('[newdatefield]')}.json`,
			),
		).toEqual({ status: 200, body: undefined });
		expect((await cm('GET', `/lists/${LIST}/customfields.json`)).body).toEqual([]);
		expect((await read('dated@example.com')).body.CustomFields).toEqual([]);
	});
});

describe('subscriber reads (createsend-ruby test/fixtures/subscriber_details.json and subscriber_details_with_track_and_sms_pref.json, test/list_test.rb)', () => {
	it('ConsentToTrack and ConsentToSendSms only when the read asks with includetrackingpreference=true', async () => {
		await addSubscriber('consent@example.com');
		const plain = (await read('consent@example.com')).body;
		expect(plain).not.toHaveProperty('ConsentToTrack');
		expect(plain).not.toHaveProperty('ConsentToSendSms');
		expect(
			(await read('consent@example.com', '&includetrackingpreference=true')).body,
		).toMatchObject({ ConsentToTrack: 'Yes', ConsentToSendSms: 'Unchanged' });
		// Pages: ruby's unsubscribed/deleted/bounced reads pass false and get none; unconfirmed
		// passes true and gets ConsentToTrack.
		const page = (path: string) =>
			cm('GET', `/lists/${LIST}/active.json?page=1&pagesize=10${path}`);
		expect((await page('&includetrackingpreference=false')).body.Results[0]).not.toHaveProperty(
			'ConsentToTrack',
		);
		expect((await page('&includetrackingpreference=true')).body.Results[0]).toMatchObject({
			ConsentToTrack: 'Yes',
		});
	});

	it('a page size below 10 or above 1000: 400 code 801 (the API page: pagesize 10 to 1000)', async () => {
		for (const size of [9, 1001])
			expect(await cm('GET', `/lists/${LIST}/active.json?page=1&pagesize=${size}`)).toMatchObject({
				status: 400,
				body: { Code: 801 },
			});
		expect(await cm('GET', `/lists/${LIST}/active.json?page=1&pagesize=10`)).toMatchObject({
			status: 200,
			body: { PageSize: 10 },
		});
	});
});

describe('custom field values (Campaign Monitor API v3.3 subscribers page; createsend-php csrest_subscribers.php)', () => {
	beforeEach(async () => {
		await cm('POST', `/lists/${LIST}/customfields.json`, {
			FieldName: 'Interests',
			DataType: 'MultiSelectMany',
			Options: ['News', 'Sport', 'Arts'],
		});
		await cm('POST', `/lists/${LIST}/customfields.json`, { FieldName: 'Joined', DataType: 'Date' });
	});

	it('Clear with a Value on a MultiSelectMany field clears only that option; without a Value, all', async () => {
		await addSubscriber('many@example.com', {
			CustomFields: [
				{ Key: '[Interests]', Value: 'News' },
				{ Key: '[Interests]', Value: 'Sport' },
			],
		});
		await cm('PUT', `/subscribers/${LIST}.json?email=many%40example.com`, {
			ConsentToTrack: 'Unchanged',
			CustomFields: [{ Key: '[Interests]', Value: 'News', Clear: true }],
		});
		expect(fieldValues((await read('many@example.com')).body)).toEqual(['Interests=Sport']);
		await cm('PUT', `/subscribers/${LIST}.json?email=many%40example.com`, {
			ConsentToTrack: 'Unchanged',
			CustomFields: [{ Key: '[Interests]', Value: '', Clear: true }],
		});
		expect(fieldValues((await read('many@example.com')).body)).toEqual([]);
	});

	it('a Date as YYYY/MM/DD is taken (read back as YYYY-MM-DD); 0000-00-00 clears it', async () => {
		await addSubscriber('dates@example.com', {
			CustomFields: [{ Key: '[Joined]', Value: '2011/04/05' }],
		});
		expect(fieldValues((await read('dates@example.com')).body)).toEqual(['Joined=2011-04-05']);
		await cm('PUT', `/subscribers/${LIST}.json?email=dates%40example.com`, {
			ConsentToTrack: 'Unchanged',
			CustomFields: [{ Key: '[Joined]', Value: '0000-00-00' }],
		});
		expect(fieldValues((await read('dates@example.com')).body)).toEqual([]);
	});
});

describe('list webhooks (Campaign Monitor API v3.3 lists page, webhook errors; createsend-ruby test/fixtures/list_webhooks.json)', () => {
	const hook = (extra: Record<string, unknown>) =>
		cm('POST', `/lists/${LIST}/webhooks.json`, {
			Events: ['Deactivate'],
			Url: 'http://127.0.0.1:9/hook',
			PayloadFormat: 'json',
			...extra,
		});

	it('an unknown event: 603; an unknown payload format: 602', async () => {
		expect(await hook({ Events: ['Unsubscribe'] })).toMatchObject({
			status: 400,
			body: { Code: 603 },
		});
		expect(await hook({ PayloadFormat: 'csv' })).toMatchObject({
			status: 400,
			body: { Code: 602 },
		});
	});

	it('listed as the recorded fixture shapes it: format capitalised', async () => {
		const created = await hook({});
		expect(created.status).toBe(201);
		expect((await cm('GET', `/lists/${LIST}/webhooks.json`)).body).toEqual([
			{
				WebhookID: created.body,
				Events: ['Deactivate'],
				Url: 'http://127.0.0.1:9/hook',
				Status: 'Active',
				PayloadFormat: 'Json',
			},
		]);
	});

	it('deleting a webhook that is not there is refused with a code that is not 602 (the real answer is undocumented)', async () => {
		const answer = await cm('DELETE', `/lists/${LIST}/webhooks/${'f'.repeat(32)}.json`);
		expect(answer.status).toBe(400);
		expect(answer.body.Code).not.toBe(602);
	});
});

describe('queued adds (reference: a single add is queued; a read right after it can be stale)', () => {
	it('with queuedAddMs, a read right after an add answers the state before it, then the new one', async () => {
		sim.queuedAddMs = 300;
		expect((await addSubscriber('queued@example.com')).status).toBe(201);
		expect(await read('queued@example.com')).toMatchObject({ status: 400, body: { Code: 203 } });
		await addSubscriber('queued@example.com', { Name: 'Renamed' });
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect((await read('queued@example.com')).body).toMatchObject({
			Name: 'Renamed',
			State: 'Active',
		});
		expect(sim.staleReads).toBe(1);
	});
});
