// A damaged database: the app says so, offers the latest backup, restores it
// and keeps the damaged file.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync, readdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Session, newDataDir, cli } from './lib/webdriver.mjs';

let s;
after(async () => { await s?.quit(); });

test('a damaged database is reported and restored from the latest backup', async () => {
  const data = newDataDir();
  const example = join(mkdtempSync(join(tmpdir(), 'ps-ex-')), 'example.json');
  writeFileSync(example, cli(data, ['example']));
  cli(data, ['import', example]);
  rmSync(join(data, 'backups'), { recursive: true, force: true });
  cli(data, ['list']); // opening takes today's backup, with the draft in it
  const db = join(data, 'proposal-studio.sqlite3');
  // (The CLI's last connection closed, so SQLite has folded the WAL into the file.)
  const bytes = readFileSync(db);
  bytes.fill(0x5a, 4096);
  writeFileSync(db, bytes);

  s = await Session.start(data);
  const message = await s.waitFor('[data-testid="fatal-error"]');
  assert.match(await message.text(), /is damaged/);
  await (await s.find('[data-testid="restore-backup"]')).click();
  const row = await s.waitFor('[data-testid="draft-row"]');
  assert.match(await row.text(), /Ecuador/);
  const kept = readdirSync(data).filter((f) => f.includes('damaged-'));
  assert.equal(kept.length, 1, 'the damaged file is kept');
  assert.deepEqual(readFileSync(join(data, kept[0])), bytes);
});
