require('../scripts/register-ts');
const { GhostSite } = require('../test/e2e/support/ghost.ts');
const { runCommand } = require('../test/e2e/support/processes.ts');
const { peers } = require('../test/e2e/support/peers.ts');
const { join } = require('node:path');
(async () => {
  const site = await GhostSite.start('/tmp/probe-ghost-' + Date.now());
  try {
    const a = (await site.admin('POST', '/members/', { members: [{ email: 'a@example.com', name: 'A' }] })).members[0];
    const b = (await site.admin('POST', '/members/', { members: [{ email: 'b@example.com', name: 'B' }] })).members[0];
    const script = `const db = require('better-sqlite3')(process.argv[1]);
      console.log(JSON.stringify(db.prepare('SELECT * FROM members_created_events').all()));
      db.prepare("UPDATE members_created_events SET referrer_source='Twitter', referrer_medium='social', referrer_url='https://t.co/x', attribution_url='/welcome/', attribution_type='url' WHERE member_id = ?").run(process.argv[2]);
      db.prepare("UPDATE members SET email_open_rate=42, email_count=10, email_opened_count=4, last_seen_at='2026-11-30 10:00:00' WHERE id = ?").run(process.argv[2]);
      db.close();`;
    const out = await runCommand(join(peers.node22Bin, 'node'), ['-e', script, site.databaseFile, a.id], { cwd: peers.ghostDir });
    console.log('rows', JSON.stringify(out).slice(0, 1500));
    const browse = await site.admin('GET', `/members/?filter=${encodeURIComponent(`id:[${a.id},${b.id}]`)}&include=tiers`);
    const m = browse.members.find((x) => x.id === a.id);
    console.log('browse keys', Object.keys(m).join(','));
    console.log('browse', m.email_open_rate, m.email_count, m.email_opened_count, m.last_seen_at, m.attribution);
    const read = (await site.admin('GET', `/members/${a.id}/`)).members[0];
    console.log('read attribution', JSON.stringify(read.attribution));
    const readB = (await site.admin('GET', `/members/${b.id}/`)).members[0];
    console.log('read B attribution', JSON.stringify(readB.attribution));
    for (const limit of ['100', 'all', '1000']) {
      try {
        const ev = await site.admin('GET', `/members/events/?limit=${limit}&filter=${encodeURIComponent(`type:signup_event+data.member_id:[${a.id},${b.id}]`)}`);
        console.log('events', limit, JSON.stringify(ev).slice(0, 2500));
      } catch (e) { console.log('events', limit, 'ERR', e.message); }
    }
  } finally { await site.stop(); }
})().catch((e) => { console.error(e); process.exit(1); });
