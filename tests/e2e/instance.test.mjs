// One app per data folder: a second start hands over to the window already
// open instead of racing on the database. And the log files in the data
// folder record events, never the proposal's text.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session, newDataDir, until, APP } from './lib/webdriver.mjs';

let s;
const data = newDataDir();
after(async () => { await s?.quit(); });

test('a second start on the same data folder hands over to the first window', async () => {
  s = await Session.start(data);
  await s.waitFor('[data-testid="draft-row"]');
  const second = spawn(APP, [], { env: { ...process.env, PROPOSAL_STUDIO_DATA_DIR: data }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  second.stderr.on('data', (d) => { err += d; });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => { second.kill('SIGKILL'); resolve('still running'); }, 15000);
    second.on('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.equal(code, 0, `the second instance should exit at once (${err})`);
  assert.match(err, /already open/);
  await s.waitFor('[data-testid="handover-notice"]');
  // The first instance is still there and still works.
  assert.equal((await s.findAll('[data-testid="draft-row"]')).length, 1);
});

test('the logs in the data folder hold events, not what was typed', async () => {
  const marker = 'Zebra-Quill-7731 confidential programme title';
  await (await s.find('[data-testid="new-blank"]')).click();
  await (await s.waitFor('[data-testid="cover-title"]')).type(marker);
  await s.saved();
  // A refused change is logged (by its code) too.
  await (await s.find('[data-testid="back-to-library"]')).click();
  await s.waitFor('[data-testid="draft-row"]');
  await s.quit();
  s = null;
  const dir = join(data, 'logs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  assert.ok(files.length >= 1, 'a log file is written');
  const text = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  assert.match(text, /starting/);
  assert.match(text, /another start on this data folder/);
  assert.ok(!text.includes('Zebra-Quill'), 'the log holds proposal text');
});

test('a first start on a new data folder writes its log without a complaint', async () => {
  const fresh = join(newDataDir(), 'not-yet-made');
  const app = spawn(APP, [], { env: { ...process.env, PROPOSAL_STUDIO_DATA_DIR: fresh }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  app.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => app.on('exit', resolve));
  try {
    const logs = join(fresh, 'logs');
    const written = () => existsSync(logs)
      && readdirSync(logs).some((f) => f.endsWith('.log') && readFileSync(join(logs, f), 'utf8').includes('starting'));
    await until(written, 'the first log line');
  } finally {
    app.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    app.kill('SIGKILL');
  }
  assert.doesNotMatch(err, /Error reading the log directory/i, err);
});
