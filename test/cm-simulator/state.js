'use strict';
// In-memory Campaign Monitor account: clients, lists, custom fields, subscribers.
// Behaviour follows the API v3.3 facts in shared/reference/campaign-monitor.md.

const TEXT_LIMIT = 250;
const DATE_MIN = '1900-01-01';
const DATE_MAX = '2076-06-06';
const INACTIVE_STATES = new Set(['Unsubscribed', 'Deleted', 'Bounced']);
const STATE_CODES = { Deleted: 205, Unsubscribed: 206, Bounced: 207, Unconfirmed: 208 };
const EMAIL = /^[^\s@"<>()[\],;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

class CmError extends Error {
	constructor(status, code, message, extra) {
		super(message);
		this.status = status;
		this.body = { ...(extra || {}), Code: code, Message: message };
	}
}

function cmDate(date) {
	// "2010-10-25 10:28:00": CM's format, no time zone.
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

function bare(key) {
	return String(key == null ? '' : key)
		.trim()
		.replace(/^\[(.*)\]$/, '$1')
		.trim();
}

function isValidEmail(email) {
	return typeof email === 'string' && email.length <= 254 && EMAIL.test(email.trim());
}

/** What a subscriber looks like in a webhook event, before a change, to tell what changed. */
function fingerprint(list, subscriber, present) {
	return subscriber ? JSON.stringify(present(list, subscriber)) : '';
}

const WEBHOOK_EVENTS = ['Subscribe', 'Deactivate', 'Update'];
/** Not a Campaign Monitor code: its answer for an unknown webhook id is undocumented. */
const UNKNOWN_WEBHOOK_CODE = 699;
/** Data types whose fields take no Options (Campaign Monitor answers 256 when given some). */
const NO_OPTION_TYPES = ['Text', 'Number', 'Date', 'Country', 'USState'];

class Account {
	constructor() {
		this.clients = new Map();
		this.lists = new Map();
		this.clock = () => new Date();
		/** (listId, event): a list webhook event, as Campaign Monitor would deliver it. */
		this.onEvent = undefined;
	}

	/** Events for one subscriber's change (before/after), in Campaign Monitor's webhook shapes. */
	emitChange(list, subscriber, before, oldEmail) {
		if (!this.onEvent) return;
		const now = this.present(list, subscriber);
		if (before && JSON.stringify(now) === before.text) return;
		const common = {
			Date: cmDate(this.clock()),
			EmailAddress: now.EmailAddress,
			Name: now.Name,
			CustomFields: now.CustomFields,
		};
		const wasActive = before ? !INACTIVE_STATES.has(before.state) : false;
		const isActive = !INACTIVE_STATES.has(now.State);
		let event;
		if (isActive && !wasActive)
			event = { Type: 'Subscribe', ...common, SignupIPAddress: 'TypeAPI' };
		else if (!isActive && (wasActive || before?.state !== now.State))
			event = { Type: 'Deactivate', ...common, State: now.State };
		else
			event = {
				Type: 'Update',
				...common,
				OldEmailAddress: oldEmail ?? now.EmailAddress,
				State: now.State,
			};
		this.onEvent(list.ListID, event);
	}

	before(list, subscriber) {
		return subscriber
			? { text: fingerprint(list, subscriber, this.present.bind(this)), state: subscriber.State }
			: undefined;
	}

	// ---- list webhooks
	createWebhook(listId, body) {
		const list = this.list(listId);
		const events = Array.isArray(body?.Events) ? body.Events.map(String) : [];
		if (events.length === 0 || events.some((e) => !WEBHOOK_EVENTS.includes(e)))
			throw new CmError(400, 603, 'Invalid webhook event: use Subscribe, Deactivate or Update');
		if (typeof body.Url !== 'string' || !/^https?:\/\//.test(body.Url))
			throw new CmError(400, 601, 'Invalid webhook URL');
		const format = String(body.PayloadFormat ?? 'json').toLowerCase();
		if (format !== 'json' && format !== 'xml')
			throw new CmError(400, 602, 'Invalid webhook format: use json or xml');
		const id = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
		list.webhooks.set(id, {
			WebhookID: id,
			Events: events,
			Url: body.Url,
			Status: 'Active',
			PayloadFormat: format === 'xml' ? 'Xml' : 'Json',
		});
		return id;
	}

	webhook(listId, webhookId) {
		const hook = this.list(listId).webhooks.get(webhookId);
		// Campaign Monitor does not document its answer for an unknown webhook id (602 is "invalid
		// format"); this code is the simulator's own, so nothing can come to rely on it.
		if (!hook)
			throw new CmError(400, UNKNOWN_WEBHOOK_CODE, 'No such webhook for this list (simulator)');
		return hook;
	}

	deleteWebhook(listId, webhookId) {
		this.webhook(listId, webhookId);
		this.list(listId).webhooks.delete(webhookId);
	}

	addClient(client) {
		this.clients.set(client.ClientID, { ClientID: client.ClientID, Name: client.Name });
		return client;
	}

	addList(clientId, list) {
		const record = {
			ClientID: clientId,
			ListID: list.ListID,
			Title: list.Title ?? list.Name,
			UnsubscribePage: list.UnsubscribePage ?? '',
			UnsubscribeSetting: list.UnsubscribeSetting ?? 'AllClientLists',
			ConfirmedOptIn: list.ConfirmedOptIn ?? false,
			ConfirmationSuccessPage: list.ConfirmationSuccessPage ?? '',
			customFields: [],
			subscribers: new Map(),
			webhooks: new Map(),
		};
		this.lists.set(list.ListID, record);
		return record;
	}

	client(clientId) {
		const client = this.clients.get(clientId);
		if (!client) throw new CmError(401, 102, 'Invalid ClientID');
		return client;
	}

	list(listId) {
		const list = this.lists.get(listId);
		if (!list) throw new CmError(401, 101, 'Invalid ListID');
		return list;
	}

	// ---- custom fields
	createCustomField(listId, body) {
		const list = this.list(listId);
		const name = body && typeof body.FieldName === 'string' ? body.FieldName.trim() : '';
		if (!name) throw new CmError(400, 254, 'Invalid FieldName');
		const types = [
			'Text',
			'Number',
			'MultiSelectOne',
			'MultiSelectMany',
			'Date',
			'Country',
			'USState',
		];
		if (!types.includes(body.DataType)) throw new CmError(400, 259, 'Invalid Field Type');
		const key = `[${name.replace(/\s+/g, '')}]`;
		if (
			list.customFields.some(
				(f) =>
					f.FieldName.toLowerCase() === name.toLowerCase() ||
					f.Key.toLowerCase() === key.toLowerCase(),
			)
		) {
			throw new CmError(400, 255, 'Field name already exists');
		}
		const options = Array.isArray(body.Options) ? body.Options.map(String) : [];
		if (body.DataType.startsWith('MultiSelect') && options.length === 0) {
			throw new CmError(400, 257, 'No Options Defined for Multi-Valued Field');
		}
		if (NO_OPTION_TYPES.includes(body.DataType) && options.length > 0) {
			throw new CmError(400, 256, `Options Defined for ${body.DataType} Field`);
		}
		list.customFields.push({
			FieldName: name,
			Key: key,
			DataType: body.DataType,
			FieldOptions: body.DataType.startsWith('MultiSelect') ? options : [],
			VisibleInPreferenceCenter: body.VisibleInPreferenceCenter !== false,
		});
		return key;
	}

	deleteCustomField(listId, key) {
		const list = this.list(listId);
		const field = this.field(list, key);
		// Unknown key: the code Campaign Monitor gives for a malformed key (its answer for a
		// well-formed unknown one is not documented).
		if (!field) throw new CmError(400, 253, 'Invalid Custom Field Key');
		list.customFields = list.customFields.filter((f) => f !== field);
		for (const subscriber of list.subscribers.values()) delete subscriber.fields[field.FieldName];
		list.version = (list.version ?? 0) + 1;
	}

	field(list, key) {
		const wanted = bare(key).toLowerCase();
		return list.customFields.find((f) => bare(f.Key).toLowerCase() === wanted);
	}

	// Applies CustomFields like CM: unknown keys and invalid values are silently dropped.
	applyCustomFields(list, subscriber, customFields) {
		if (!Array.isArray(customFields)) return;
		const many = new Map();
		for (const entry of customFields) {
			if (!entry || typeof entry !== 'object') continue;
			const field = this.field(list, entry.Key);
			if (!field) continue;
			const name = field.FieldName;
			let value = entry.Value == null ? '' : String(entry.Value);
			if (entry.Clear === true || entry.Clear === 'true') {
				// With a Value, a MultiSelectMany field loses only that option (createsend-php
				// csrest_subscribers.php); otherwise the whole field is cleared.
				const current = subscriber.fields[name];
				if (field.DataType === 'MultiSelectMany' && value !== '' && Array.isArray(current)) {
					const rest = current.filter((option) => option !== value);
					if (rest.length > 0) subscriber.fields[name] = rest;
					else delete subscriber.fields[name];
				} else delete subscriber.fields[name];
				many.delete(name);
				continue;
			}
			if (value === '') continue;
			if (field.DataType === 'Date') {
				// YYYY-MM-DD or YYYY/MM/DD; 0000-00-00 clears the field (Campaign Monitor's API docs).
				if (value === '0000-00-00') {
					delete subscriber.fields[name];
					continue;
				}
				value = value.replace(/^(\d{4})\/(\d{2})\/(\d{2})$/, '$1-$2-$3');
				if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < DATE_MIN || value > DATE_MAX) continue;
				if (Number.isNaN(new Date(`${value}T00:00:00Z`).getTime())) continue;
			} else if (field.DataType === 'Number') {
				if (!Number.isFinite(Number(value))) continue;
			} else if (field.DataType === 'MultiSelectOne') {
				if (!field.FieldOptions.includes(value)) continue;
			} else if (field.DataType === 'MultiSelectMany') {
				if (!field.FieldOptions.includes(value)) continue;
				if (!many.has(name)) many.set(name, []);
				many.get(name).push(value);
				continue;
			}
			if (value.length > TEXT_LIMIT) value = value.slice(0, TEXT_LIMIT);
			subscriber.fields[name] = value;
		}
		// All selected values are sent each time: they replace the previous selection.
		for (const [name, values] of many) subscriber.fields[name] = values;
	}

	// ---- subscribers
	subscriberOrThrow(list, email) {
		const subscriber =
			typeof email === 'string' ? list.subscribers.get(email.trim().toLowerCase()) : undefined;
		if (!subscriber)
			throw new CmError(400, 203, 'Subscriber not in list or has already been removed.');
		return subscriber;
	}

	checkConsent(body) {
		const consent = body.ConsentToTrack;
		if (consent === undefined || consent === null || consent === '') {
			throw new CmError(400, 214, 'ConsentToTrack is required');
		}
		if (!['yes', 'no', 'unchanged'].includes(String(consent).toLowerCase())) {
			throw new CmError(400, 215, 'Invalid ConsentToTrack value');
		}
		return String(consent).toLowerCase();
	}

	upsert(listId, body, { fromImport = false, resubscribe } = {}) {
		const list = this.list(listId);
		list.version = (list.version ?? 0) + 1;
		if (!body || typeof body !== 'object')
			throw new CmError(
				400,
				400,
				'Failed to deserialize your request. Please check the documentation and try again. Fields in error: subscriber',
			);
		if (!isValidEmail(body.EmailAddress)) throw new CmError(400, 1, 'Invalid Email Address');
		const consent = this.checkConsent(body);
		const email = body.EmailAddress.trim();
		const now = this.clock();
		let subscriber = list.subscribers.get(email.toLowerCase());
		const isNew = !subscriber;
		const before = this.before(list, subscriber);
		const wantsResubscribe =
			resubscribe ?? (body.Resubscribe === true || body.Resubscribe === 'true');
		if (subscriber && INACTIVE_STATES.has(subscriber.State) && !wantsResubscribe && fromImport) {
			throw new CmError(
				400,
				STATE_CODES[subscriber.State],
				`Subscriber is ${subscriber.State.toLowerCase()}`,
			);
		}
		if (!subscriber) {
			subscriber = {
				EmailAddress: email,
				Name: '',
				MobileNumber: undefined,
				Date: cmDate(now),
				ListJoinedDate: cmDate(now),
				State: list.ConfirmedOptIn ? 'Unconfirmed' : 'Active',
				fields: {},
				ConsentToTrack: 'Unchanged',
				ConsentToSendSms: 'Unchanged',
				ReadsEmailWith: '',
			};
			list.subscribers.set(email.toLowerCase(), subscriber);
		} else if (INACTIVE_STATES.has(subscriber.State) && wantsResubscribe) {
			subscriber.State = 'Active';
			subscriber.Date = cmDate(now);
		}
		if (typeof body.Name === 'string') subscriber.Name = body.Name;
		if (typeof body.MobileNumber === 'string') subscriber.MobileNumber = body.MobileNumber;
		if (consent !== 'unchanged') subscriber.ConsentToTrack = consent === 'yes' ? 'Yes' : 'No';
		this.applyCustomFields(list, subscriber, body.CustomFields);
		this.emitChange(list, subscriber, before);
		return { subscriber, isNew };
	}

	update(listId, currentEmail, body) {
		const list = this.list(listId);
		list.version = (list.version ?? 0) + 1;
		if (!body || typeof body !== 'object')
			throw new CmError(
				400,
				400,
				'Failed to deserialize your request. Please check the documentation and try again. Fields in error: subscriber',
			);
		const subscriber = this.subscriberOrThrow(list, currentEmail);
		const before = this.before(list, subscriber);
		const oldEmail = subscriber.EmailAddress;
		const consent = this.checkConsent(body);
		const newEmail =
			typeof body.EmailAddress === 'string' ? body.EmailAddress.trim() : subscriber.EmailAddress;
		if (!isValidEmail(newEmail)) throw new CmError(400, 211, 'Invalid New Email Address');
		const oldKey = subscriber.EmailAddress.toLowerCase();
		const newKey = newEmail.toLowerCase();
		if (newKey !== oldKey) {
			if (list.subscribers.has(newKey))
				throw new CmError(400, 201, 'New email address already exists in the list');
			list.subscribers.delete(oldKey);
			list.subscribers.set(newKey, subscriber);
		}
		subscriber.EmailAddress = newEmail;
		if (typeof body.Name === 'string') subscriber.Name = body.Name;
		if (typeof body.MobileNumber === 'string') subscriber.MobileNumber = body.MobileNumber;
		if (consent !== 'unchanged') subscriber.ConsentToTrack = consent === 'yes' ? 'Yes' : 'No';
		if (
			(body.Resubscribe === true || body.Resubscribe === 'true') &&
			INACTIVE_STATES.has(subscriber.State)
		) {
			subscriber.State = 'Active';
			subscriber.Date = cmDate(this.clock());
		}
		this.applyCustomFields(list, subscriber, body.CustomFields);
		this.emitChange(list, subscriber, before, oldEmail);
		return subscriber;
	}

	setState(listId, email, state) {
		const list = this.list(listId);
		list.version = (list.version ?? 0) + 1;
		const subscriber = this.subscriberOrThrow(list, email);
		const before = this.before(list, subscriber);
		if (subscriber.State !== state) {
			subscriber.State = state;
			subscriber.Date = cmDate(this.clock());
		}
		this.emitChange(list, subscriber, before);
		return subscriber;
	}

	import(listId, body) {
		const list = this.list(listId);
		if (!body || typeof body !== 'object' || !Array.isArray(body.Subscribers)) {
			throw new CmError(
				400,
				400,
				'Failed to deserialize your request. Please check the documentation and try again. Fields in error: subscribers',
			);
		}
		if (body.Subscribers.length === 0)
			throw new CmError(400, 212, 'You must supply at least one subscriber');
		if (body.Subscribers.length > 1000) {
			throw new CmError(
				400,
				209,
				'Too many subscribers in this batch. You can only add 1000 subscribers in one call',
			);
		}
		const result = {
			FailureDetails: [],
			TotalUniqueEmailsSubmitted: 0,
			TotalExistingSubscribers: 0,
			TotalNewSubscribers: 0,
			DuplicateEmailsInSubmission: [],
		};
		const seen = new Set();
		const resubscribe = body.Resubscribe === true || body.Resubscribe === 'true';
		for (const entry of body.Subscribers) {
			const email =
				entry && typeof entry.EmailAddress === 'string' ? entry.EmailAddress.trim() : '';
			const key = email.toLowerCase();
			if (seen.has(key)) {
				if (!result.DuplicateEmailsInSubmission.includes(email))
					result.DuplicateEmailsInSubmission.push(email);
				continue;
			}
			seen.add(key);
			result.TotalUniqueEmailsSubmitted++;
			try {
				const { isNew } = this.upsert(listId, entry, { fromImport: true, resubscribe });
				if (isNew) result.TotalNewSubscribers++;
				else result.TotalExistingSubscribers++;
			} catch (error) {
				if (!(error instanceof CmError)) throw error;
				if (list.subscribers.has(key)) result.TotalExistingSubscribers++;
				result.FailureDetails.push({
					EmailAddress: email,
					Code: error.body.Code,
					Message: error.body.Message,
				});
			}
		}
		if (result.FailureDetails.length > 0) {
			throw new CmError(400, 210, 'Subscriber Import had some failures', { ResultData: result });
		}
		return result;
	}

	details(listId, email, query = {}) {
		const list = this.list(listId);
		const subscriber = this.subscriberOrThrow(list, email);
		return this.present(list, subscriber, withTracking(query));
	}

	/**
	 * A subscriber as Campaign Monitor answers it. ConsentToTrack and ConsentToSendSms come only
	 * when the read asks for them (includetrackingpreference=true; createsend-ruby's fixtures
	 * subscriber_details.json and subscriber_details_with_track_and_sms_pref.json).
	 */
	present(list, subscriber, tracking = true) {
		const fields = [];
		for (const field of list.customFields) {
			const value = subscriber.fields[field.FieldName];
			if (value === undefined) continue;
			// Subscriber answers name custom fields by FieldName, without brackets.
			for (const v of Array.isArray(value) ? value : [value])
				fields.push({ Key: field.FieldName, Value: v });
		}
		const out = {
			EmailAddress: subscriber.EmailAddress,
			Name: subscriber.Name,
			MobileNumber: subscriber.MobileNumber,
			Date: subscriber.Date,
			ListJoinedDate: subscriber.ListJoinedDate,
			State: subscriber.State,
			CustomFields: fields,
			ReadsEmailWith: subscriber.ReadsEmailWith,
			ConsentToTrack: subscriber.ConsentToTrack,
			ConsentToSendSms: subscriber.ConsentToSendSms,
		};
		if (out.MobileNumber === undefined) delete out.MobileNumber;
		if (!tracking) {
			delete out.ConsentToTrack;
			delete out.ConsentToSendSms;
		}
		return out;
	}

	page(listId, state, query) {
		const list = this.list(listId);
		const page = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
		const pageSize = Number.parseInt(query.pagesize ?? '1000', 10);
		if (!(pageSize >= 10 && pageSize <= 1000))
			throw new CmError(400, 801, 'Invalid PageSize: it must be between 10 and 1000');
		const direction =
			String(query.orderdirection ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc';
		const orderField = String(query.orderfield ?? 'email').toLowerCase();
		// Sorted once per change of the list, not per page: a million-subscriber list is read in
		// a thousand pages, as the full sync's benchmark does.
		const viewKey = `${state}|${orderField}|${direction}`;
		list.views ??= new Map();
		let view = list.views.get(viewKey);
		if (!view || view.version !== (list.version ?? 0)) {
			const keyOf = (s) =>
				orderField === 'name'
					? s.Name
					: orderField === 'date'
						? s.Date
						: s.EmailAddress.toLowerCase();
			const sorted = [...list.subscribers.values()].filter((s) => s.State === state);
			sorted.sort(
				(a, b) =>
					(keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0) * (direction === 'asc' ? 1 : -1),
			);
			view = { version: list.version ?? 0, sorted };
			list.views.set(viewKey, view);
		}
		const matching = view.sorted;
		const start = (page - 1) * pageSize;
		const tracking = withTracking(query);
		const results = matching
			.slice(start, start + pageSize)
			.map((s) => this.present(list, s, tracking));
		return {
			Results: results,
			ResultsOrderedBy: orderField,
			OrderDirection: direction,
			PageNumber: page,
			PageSize: pageSize,
			RecordsOnThisPage: results.length,
			TotalNumberOfRecords: matching.length,
			NumberOfPages: Math.ceil(matching.length / pageSize),
		};
	}

	stats(listId) {
		const list = this.list(listId);
		const count = (state) => [...list.subscribers.values()].filter((s) => s.State === state).length;
		return {
			TotalActiveSubscribers: count('Active'),
			TotalUnsubscribes: count('Unsubscribed'),
			TotalDeleted: count('Deleted'),
			TotalBounces: count('Bounced'),
		};
	}

	snapshot() {
		return {
			clients: [...this.clients.values()],
			lists: [...this.lists.values()].map((list) => ({
				ListID: list.ListID,
				ClientID: list.ClientID,
				Title: list.Title,
				customFields: list.customFields,
				subscribers: [...list.subscribers.values()].map((s) => this.present(list, s)),
				webhooks: [...list.webhooks.values()],
			})),
		};
	}
}

/** Whether a read asked for the tracking preferences (query names are lower-cased by the server). */
function withTracking(query) {
	return String(query.includetrackingpreference ?? '').toLowerCase() === 'true';
}

module.exports = { Account, CmError, bare, isValidEmail, UNKNOWN_WEBHOOK_CODE };
