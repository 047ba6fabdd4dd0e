// Zero network: the app (started on its own under Xvfb, running long enough
// to open the library) and the CLI make no connection outside the machine's
// own Unix sockets. strace records every connect() of every process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { APP, CLI, newDataDir } from './lib/webdriver.mjs';

function traced(cmd, args, env, seconds) {
  const log = join(mkdtempSync(join(tmpdir(), 'ps-strace-')), 'trace.log');
  spawnSync('timeout', ['--signal=TERM', String(seconds), 'strace', '-f', '-qq', '-e', 'trace=connect,sendto,sendmsg', '-o', log, cmd, ...args], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  return readFileSync(log, 'utf8');
}

function inet(trace) {
  return trace.split('\n').filter((l) => /AF_INET6?\b/.test(l) && !/sa_family=AF_UNIX/.test(l));
}

test('the app and the CLI make no network connection', () => {
  const data = newDataDir();
  // The app runs on the display the test suite already has (xvfb-run).
  const app = traced(APP, [], { PROPOSAL_STUDIO_DATA_DIR: data }, 10);
  assert.ok(existsSync(join(data, 'proposal-studio.sqlite3')), 'the app started and opened its library');
  assert.match(app, /connect\(/, 'the trace saw the app connect to its display');
  assert.deepEqual(inet(app), [], 'no internet socket');

  const file = join(mkdtempSync(join(tmpdir(), 'ps-net-')), 'example.json');
  writeFileSync(file, spawnSync(CLI, ['example'], { encoding: 'utf8' }).stdout);
  const out = join(mkdtempSync(join(tmpdir(), 'ps-net-')), 'out');
  for (const args of [['import', file], ['list', '--json'], ['validate', file, '--json'], ['export', file, '--out', out, '--date', '2027-02-15']]) {
    const trace = traced(CLI, args, { PROPOSAL_STUDIO_DATA_DIR: data }, 60);
    assert.deepEqual(inet(trace), [], `proposal ${args[0]}`);
  }
  assert.ok(existsSync(out), 'the export ran');
});
