// Runs the end-to-end test files one after another, each in a process group
// of its own with a time bound, so that no file can hang the run: a file
// still running at its bound is killed with everything it started
// (tauri-driver, WebKitWebDriver, the app) and named as timed out. Whatever a
// file leaves behind is killed when it ends.
//
//   node tests/e2e/run.mjs [FILE ...]      (under Xvfb: see ./studio test)
//
// E2E_FILE_MINUTES (default 12) bounds one file, E2E_TOTAL_MINUTES (default
// 40) the whole run, E2E_TEST_SECONDS (default 300) one test. Each file's
// temporary folders (data folders, exports, WebDriver profiles) are made in
// a folder of its own (TMPDIR), removed when the file ends; E2E_KEEP_TMP=1
// keeps them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const minutes = (name, fallback) => Number(process.env[name] ?? fallback) * 60_000;
const FILE_MS = minutes('E2E_FILE_MINUTES', 12);
const TOTAL_MS = minutes('E2E_TOTAL_MINUTES', 40);
const TEST_MS = Number(process.env.E2E_TEST_SECONDS ?? 300) * 1000;

const files = process.argv.length > 2
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => join(here, f));
const reports = mkdtempSync(join(tmpdir(), 'ps-e2e-run-'));
const keep = process.env.E2E_KEEP_TMP === '1';
const started = Date.now();

function killGroup(pid) {
  try { process.kill(-pid, 'SIGKILL'); } catch { /* nothing left */ }
}

/** Runs one file; resolves with its counts and whether it timed out. */
function runFile(file, budget) {
  const tap = join(reports, `${basename(file)}.tap`);
  const scratch = mkdtempSync(join(reports, 'tmp-'));
  return new Promise((done) => {
    const child = spawn(process.execPath, [
      '--test', `--test-timeout=${TEST_MS}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      file,
    ], { stdio: ['ignore', 'inherit', 'inherit'], detached: true, env: { ...process.env, TMPDIR: scratch } });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, budget);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      killGroup(child.pid);
      const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
      if (!keep) rmSync(scratch, { recursive: true, force: true });
      const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      done({
        file: basename(file), code, signal, timedOut,
        pass: count('pass'), fail: count('fail') + count('cancelled'), skip: count('skipped') + count('todo'),
      });
    });
  });
}

const results = [];
for (const file of files) {
  const left = TOTAL_MS - (Date.now() - started);
  if (left <= 0) {
    results.push({ file: basename(file), notRun: true, pass: 0, fail: 1, skip: 0 });
    continue;
  }
  const t0 = Date.now();
  const r = await runFile(file, Math.min(FILE_MS, left));
  r.seconds = Math.round((Date.now() - t0) / 1000);
  // A file that died or was killed without reporting a failure still failed.
  if ((r.timedOut || r.code !== 0) && r.fail === 0) r.fail = 1;
  results.push(r);
}

console.log('\nEnd-to-end files:');
for (const r of results) {
  const state = r.notRun ? 'NOT RUN (the whole run reached its time bound)'
    : r.timedOut ? `TIMED OUT after ${r.seconds} s, killed with everything it started`
    : r.fail ? 'FAILED' : 'ok';
  console.log(`  ${r.file.padEnd(28)} ${String(r.pass).padStart(3)} passed ${String(r.fail).padStart(2)} failed  ${r.seconds ?? 0} s  ${state}`);
}
const total = (k) => results.reduce((n, r) => n + (r[k] ?? 0), 0);
const failed = total('fail');
const skipped = total('skip');
console.log(`\ne2e: ${total('pass')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (!keep) rmSync(reports, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
