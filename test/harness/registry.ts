/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-hardcoded-secrets -- end-to-end harness: starts a local npm registry and a proxy for n8n's installer; never shipped */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';

import { peers } from './peers';
import { freePort, runCommand, startProcess, waitFor, type RunningProcess } from './processes';

/** The registry n8n's Community Nodes installer always uses without an enterprise licence. */
export const NPM_REGISTRY_HOST = 'registry.npmjs.org';

/**
 * Verdaccio on loopback, with no uplink: it serves only what the test publishes to it, so
 * nothing is fetched from the internet.
 */
export class LocalRegistry {
	private constructor(
		readonly url: string,
		private readonly process: RunningProcess,
		private readonly dir: string,
	) {}

	static async start(dir: string): Promise<LocalRegistry> {
		mkdirSync(join(dir, 'storage'), { recursive: true });
		const port = await freePort();
		writeFileSync(
			join(dir, 'config.yaml'),
			[
				`storage: ${join(dir, 'storage')}`,
				'auth:',
				'  htpasswd:',
				`    file: ${join(dir, 'htpasswd')}`,
				'    max_users: 10',
				'uplinks: {}',
				'packages:',
				"  '**':",
				'    access: $all',
				'    publish: $authenticated',
				'log: { type: stdout, format: json, level: warn }',
				'',
			].join('\n'),
		);
		const running = startProcess(
			join(peers.node24Bin, 'node'),
			[peers.verdaccioBin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
			{
				cwd: dir,
				env: { PATH: `${peers.node24Bin}:${process.env.PATH}`, HOME: dir },
				logFile: join(dir, 'verdaccio.log'),
			},
		);
		const url = `http://127.0.0.1:${port}`;
		try {
			await waitFor('Verdaccio to answer', async () => (await fetch(`${url}/-/ping`)).ok, {
				timeoutMs: 60_000,
			});
		} catch (error) {
			await running.stop();
			throw new Error(`${(error as Error).message}\n--- verdaccio.log ---\n${running.tail()}`);
		}
		return new LocalRegistry(url, running, dir);
	}

	/** Publishes a packed tarball as its author would (`npm publish`), under a user made for it. */
	async publish(tarball: string): Promise<void> {
		const user = await fetch(`${this.url}/-/user/org.couchdb.user:e2e`, {
			method: 'PUT',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: 'e2e', password: 'e2e-registry-password' }),
		});
		const { token } = (await user.json()) as { token?: string };
		if (!token) throw new Error(`Verdaccio made no user: ${user.status}`);
		const npmrc = join(this.dir, 'publish.npmrc');
		writeFileSync(npmrc, `//${new URL(this.url).host}/:_authToken=${token}\n`);
		await runCommand(
			'npm',
			['publish', tarball, '--registry', `${this.url}/`, '--userconfig', npmrc, '--ignore-scripts'],
			{ cwd: this.dir },
		);
	}

	async stop() {
		await this.process.stop();
	}
}

/**
 * An HTTPS proxy on loopback that answers for registry.npmjs.org from the local registry and
 * refuses every other host (n8n asks api.n8n.io whether a package is banned; refused, it goes
 * on, as it does offline). n8n's installer honours HTTPS_PROXY (its own requests and the npm it
 * runs); the proxy's certificate is signed by a CA made for the test and trusted through
 * NODE_EXTRA_CA_CERTS. This is how a test reaches n8n's installer without a licence for
 * N8N_COMMUNITY_PACKAGES_REGISTRY.
 */
export class RegistryProxy {
	private constructor(
		readonly url: string,
		readonly caFile: string,
		/** Every request the installer made to the registry (method and path). */
		readonly requests: string[],
		/** The hosts the proxy refused. */
		readonly refused: string[],
		private readonly servers: Server[],
		private readonly tunnels: Set<Socket>,
	) {}

	static async start(dir: string, registry: LocalRegistry): Promise<RegistryProxy> {
		// CONNECT tunnels leave the HTTP server's hands, so stop() ends them itself.
		const tunnels = new Set<Socket>();
		const track = (socket: Socket) => {
			tunnels.add(socket);
			socket.once('close', () => tunnels.delete(socket));
		};
		mkdirSync(dir, { recursive: true });
		const caFile = await makeCertificates(dir);
		const requests: string[] = [];
		const refused: string[] = [];
		const upstream = new URL(registry.url);
		// The registry as registry.npmjs.org: Verdaccio builds its tarball links from the Host
		// and X-Forwarded-Proto it is sent, so they come back through the proxy too.
		const tls = createHttpsServer(
			{
				key: readFileSync(join(dir, 'registry.key')),
				cert: readFileSync(join(dir, 'registry.pem')),
			},
			(req, res) => {
				requests.push(`${req.method} ${req.url}`);
				const forwarded = request(
					{
						host: upstream.hostname,
						port: upstream.port,
						method: req.method,
						path: req.url,
						headers: { ...req.headers, host: NPM_REGISTRY_HOST, 'x-forwarded-proto': 'https' },
					},
					(answer) => {
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						answer.pipe(res);
					},
				);
				forwarded.on('error', () => res.writeHead(502).end());
				req.pipe(forwarded);
			},
		);
		await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
		const tlsPort = (tls.address() as AddressInfo).port;

		const proxy = createHttpServer((req, res) => {
			refused.push(new URL(req.url ?? '/', 'http://unknown').host);
			res.writeHead(403).end();
		});
		proxy.on('connect', (req, socket: Socket, head) => {
			track(socket);
			const host = (req.url ?? '').split(':')[0];
			if (host !== NPM_REGISTRY_HOST) {
				refused.push(host);
				socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
				return;
			}
			const inner = connect(tlsPort, '127.0.0.1', () => {
				track(inner);
				socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				if (head.length > 0) inner.write(head);
				socket.pipe(inner).pipe(socket);
			});
			inner.on('error', () => socket.destroy());
			socket.on('error', () => inner.destroy());
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		return new RegistryProxy(
			`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
			caFile,
			requests,
			refused,
			[proxy, tls],
			tunnels,
		);
	}

	/** What n8n needs in its environment to reach the registry through the proxy, and only it. */
	get n8nEnv(): NodeJS.ProcessEnv {
		return {
			HTTPS_PROXY: this.url,
			https_proxy: this.url,
			NO_PROXY: '127.0.0.1,localhost',
			no_proxy: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: this.caFile,
		};
	}

	async stop() {
		for (const socket of this.tunnels) socket.destroy();
		for (const server of this.servers) {
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(resolve));
		}
	}
}

/** A CA for the test and a certificate for registry.npmjs.org signed by it (openssl). */
async function makeCertificates(dir: string): Promise<string> {
	const path = (file: string) => join(dir, file);
	writeFileSync(path('registry.ext'), `subjectAltName=DNS:${NPM_REGISTRY_HOST}\n`);
	const openssl = (...args: string[]) => runCommand('openssl', args, { cwd: dir });
	await openssl(
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-days',
		'2',
		'-subj',
		'/CN=n8n-nodes-ghost-campaign-monitor e2e CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign,cRLSign',
		'-keyout',
		path('ca.key'),
		'-out',
		path('ca.pem'),
	);
	await openssl(
		'req',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-subj',
		`/CN=${NPM_REGISTRY_HOST}`,
		'-keyout',
		path('registry.key'),
		'-out',
		path('registry.csr'),
	);
	await openssl(
		'x509',
		'-req',
		'-in',
		path('registry.csr'),
		'-CA',
		path('ca.pem'),
		'-CAkey',
		path('ca.key'),
		'-CAcreateserial',
		'-days',
		'2',
		'-extfile',
		path('registry.ext'),
		'-out',
		path('registry.pem'),
	);
	return path('ca.pem');
}
