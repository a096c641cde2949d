import { sleep } from 'n8n-workflow';

import { httpErrorDetails } from '../shared/httpError';

/**
 * Sends a call that is not safe to repeat (it creates something). After a 5xx or a lost answer
 * the service may have acted, so `done` looks before it is sent again: a webhook created by the
 * first attempt is found, not created twice. A 4xx is final and thrown as it is.
 */
export async function repeatAfterCheck<T>(
	send: () => Promise<T>,
	done: () => Promise<T | undefined>,
	attempts = 3,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await send();
		} catch (error) {
			const { status } = httpErrorDetails(error);
			const mayHaveActed = status === undefined || status >= 500;
			if (!mayHaveActed || attempt >= attempts) throw error;
			const found = await done();
			if (found !== undefined) return found;
			await sleep(500 * 2 ** (attempt - 1));
		}
	}
}
