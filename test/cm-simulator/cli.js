#!/usr/bin/env node
'use strict';
// Starts the Campaign Monitor simulator: node test/cm-simulator/cli.js [--port N] [--seed fixtures|empty] [--api-key KEY]
const { startSimulator } = require('./server');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};

startSimulator({
	port: Number(arg('port', '0')),
	seed: arg('seed', 'fixtures'),
	apiKeys: [arg('api-key', 'sim-api-key')],
}).then((simulator) => {
	process.stdout.write(`${JSON.stringify({ url: simulator.url, origin: simulator.origin })}\n`);
	const stop = () => simulator.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
});
