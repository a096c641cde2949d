import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** Ghost stores webhook secrets in a 191-character column. */
const MAX_SECRET_LENGTH = 191;

/** Nothing remote to call: checks the secret is one Ghost will accept and sign with. */
export async function ghostWebhookSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = credential.data?.secret;
	if (typeof secret !== 'string' || secret.length === 0) {
		return { status: 'Error', message: 'Enter the secret you set on the webhook in Ghost Admin' };
	}
	if (secret.length > MAX_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `Ghost accepts secrets of at most ${MAX_SECRET_LENGTH} characters`,
		};
	}
	return { status: 'OK', message: 'The secret is usable' };
}
