// Cost of verifying one Ghost webhook signature (run after `npm run build`).
// Prints numbers; asserts nothing. Usage: npm run bench:signature
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { verifyGhostSignature } = require('../dist/nodes/domain/security/ghostSignature');
require('../scripts/register-ts');
const { signGhostPayload } = require('../test/harness/ghostSigning.ts');

const secret = 'f'.repeat(64);
const fixture = JSON.parse(
	readFileSync(join(__dirname, '../test/fixtures/ghost/member.added.json'), 'utf8'),
);
const small = Buffer.from(JSON.stringify({ event: 'member.added', ...fixture }));
// A member with many labels and newsletters: about 20 KB, the large end of real payloads.
const bigMember = {
	...fixture.member.current,
	labels: Array.from({ length: 150 }, (_, i) => ({
		id: `${i}`.padStart(24, '0'),
		name: `Label ${i}`,
		slug: `label-${i}`,
	})),
};
const large = Buffer.from(
	JSON.stringify({ event: 'member.edited', member: { current: bigMember, previous: {} } }),
);

function measure(name, body, iterations) {
	const header = signGhostPayload(body, secret, Date.now());
	for (let i = 0; i < 2000; i++) verifyGhostSignature(body, header, secret);
	const start = process.hrtime.bigint();
	let valid = 0;
	for (let i = 0; i < iterations; i++)
		if (verifyGhostSignature(body, header, secret).valid) valid++;
	const ns = Number(process.hrtime.bigint() - start) / iterations;
	if (valid !== iterations) throw new Error('benchmark signature did not verify');
	console.log(
		`${name.padEnd(28)} ${String(body.length).padStart(7)} bytes  ${(ns / 1000).toFixed(2).padStart(7)} µs/call  ${Math.round(
			1e9 / ns,
		)
			.toLocaleString('en')
			.padStart(9)} calls/s`,
	);
}

console.log(`node ${process.version}`);
measure('member.added (fixture)', small, 100_000);
measure('member.edited (150 labels)', large, 20_000);
const bad = signGhostPayload(small, 'wrong', Date.now());
const start = process.hrtime.bigint();
for (let i = 0; i < 100_000; i++) verifyGhostSignature(small, bad, secret);
console.log(
	`${'forged signature (rejected)'.padEnd(28)} ${String(small.length).padStart(7)} bytes  ${(Number(process.hrtime.bigint() - start) / 100_000 / 1000).toFixed(2).padStart(7)} µs/call`,
);
