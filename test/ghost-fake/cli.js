#!/usr/bin/env node
'use strict';
// node test/ghost-fake/cli.js --count 100000 --admin-key <id:secret>: prints {"url": ...} once listening.
// Members carry Ghost's engagement columns; the activity feed answers their signups.
const { FakeGhost, makeMembers, makeSignup } = require('./server');

const args = process.argv.slice(2);
const arg = (name, fallback) =>
	args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback;
new FakeGhost({
	members: makeMembers(Number(arg('count', '1000'))),
	adminKey: arg('admin-key'),
	signup: makeSignup,
})
	.listen()
	.then((ghost) => {
		process.stdout.write(`${JSON.stringify({ url: ghost.url })}\n`);
		process.on('SIGTERM', () => ghost.close().then(() => process.exit(0)));
	});
