// A small W3C WebDriver client for driving the real Proposal Studio binary
// through tauri-driver (which hands over to WebKitGTK's WebKitWebDriver).
// Node's own fetch and child_process; no other dependencies.

import { spawn, execFileSync } from 'node:child_process';
import { after } from 'node:test';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// Where cargo put the binaries: CARGO_TARGET_DIR when set (relative to the repository), else target/.
const TARGET = resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
export const APP = process.env.PROPOSAL_STUDIO_APP ?? join(TARGET, 'debug/proposal-studio');
export const CLI = process.env.PROPOSAL_STUDIO_CLI ?? join(TARGET, 'debug/proposal');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Polling interval of the condition waits below; never a fixed wait in a test. */
const POLL_MS = 100;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** WebDriver's codes for the keys that are not characters. */
export const KEY = {
  BACKSPACE: '\uE003', TAB: '\uE004', ENTER: '\uE007', SHIFT: '\uE008', CTRL: '\uE009',
  END: '\uE010', HOME: '\uE011', LEFT: '\uE012', UP: '\uE013', RIGHT: '\uE014', DOWN: '\uE015', DELETE: '\uE017',
};

/** The window size every session starts with, unless a test asks for another. */
export const WINDOW = { width: 1280, height: 800 };

// Every session started in this process, so none outlives its test file:
// an `after` hook closes what a failed test left open, and on exit the
// driver's whole process group (tauri-driver, WebKitWebDriver, the app) is
// killed whatever happened.
const live = new Set();
after(async () => {
  for (const s of [...live]) await s.quit();
});
process.on('exit', () => {
  for (const s of live) s.killGroup('SIGKILL');
});

async function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** Waits until `cond()` is true, polling; fails naming `what` after `timeout` ms. */
export async function until(cond, what, timeout = 30000) {
  const end = Date.now() + timeout;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(POLL_MS);
  }
}

/** A fresh, empty data folder for one test. */
export function newDataDir() {
  return mkdtempSync(join(tmpdir(), 'ps-e2e-'));
}

/**
 * A fresh data folder whose library holds the large proposal (50,000 words,
 * 2,000 budget lines), written by the release build of `proposal-bench`.
 */
export function largeProposalDataDir() {
  const data = newDataDir();
  const large = join(data, 'large.json');
  execFileSync(join(TARGET, 'release/proposal-bench'), ['--write-large', large]);
  cli(data, ['import', large]);
  return data;
}

/** Runs the `proposal` CLI against a data folder; its stdout (exit 1, "not ready", is fine). */
export function cli(dataDir, args, opts = {}) {
  try {
    return execFileSync(CLI, args, {
      env: { ...process.env, PROPOSAL_STUDIO_DATA_DIR: dataDir },
      encoding: 'utf8',
      ...opts,
    });
  } catch (e) {
    if (e.status === 1) return e.stdout;
    throw e;
  }
}

/** The app's process ids (there is one app per test at a time). */
export function appPids() {
  try {
    return execFileSync('pgrep', ['-f', `^${APP}`], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export class Session {
  /**
   * Starts tauri-driver and the app with `dataDir` as its data folder (and
   * any extra environment). Several sessions may run at once.
   */
  static async start(dataDir, env = {}, size = {}) {
    // Starting is the one step retried: once in a while WebKitWebDriver never
    // answers the new-session request (the app did not connect to it). That
    // is the harness failing, not the app; the second attempt's failure counts.
    try {
      return await Session.startOnce(dataDir, env, size);
    } catch (e) {
      if (!e.startup) throw e;
      process.stderr.write(`(retrying the app's start once: ${e.message.split('\n')[0]})\n`);
      return Session.startOnce(dataDir, env, size);
    }
  }

  static async startOnce(dataDir, env, { width = WINDOW.width, height = WINDOW.height }) {
    if (!existsSync(APP)) throw new Error(`the app is not built: ${APP}`);
    const before = appPids();
    const port = await freePort();
    const nativePort = await freePort();
    // Its own process group, so that quitting kills the driver, WebKitWebDriver
    // and the app together, and nothing keeps this test process alive.
    const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
      env: { ...process.env, ...env, PROPOSAL_STUDIO_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    driver.unref();
    driver.stderr.unref?.();
    let driverErr = '';
    driver.stderr.on('data', (d) => { driverErr += d; });
    const exited = new Promise((r) => driver.once('exit', r));
    const base = `http://127.0.0.1:${port}`;
    const s = new Session(base, driver, exited);
    live.add(s);
    try {
      await s.until('tauri-driver to answer', async () => {
        await fetch(`${base}/status`);
        return true;
      }, 20000);
      try {
        const res = await s.raw('POST', '/session', {
          capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } } },
        }, 60000);
        s.id = res.sessionId;
      } catch (e) {
        e.startup = true;
        throw e;
      }
      await s.waitFor('[data-testid]', 60000);
      s.pids = appPids().filter((p) => !before.includes(p));
      await s.resize(width, height);
    } catch (e) {
      await s.quit();
      const err = new Error(`${e.message}${driverErr ? `\ntauri-driver said: ${driverErr.slice(-2000)}` : ''}`);
      err.startup = e.startup;
      throw err;
    }
    return s;
  }

  /** Sets the window's size (the layout never depends on the machine's screen). */
  async resize(width, height) {
    await this.cmd('POST', '/window/rect', { width, height });
    await this.until(`a ${width}x${height} window`, async () => {
      const [w, h] = await this.exec('return [window.outerWidth, window.outerHeight]');
      return Math.abs(w - width) <= 2 && Math.abs(h - height) <= 2;
    });
  }

  constructor(base, driver, exited) {
    this.base = base;
    this.driver = driver;
    this.exited = exited;
  }

  /** Signals the driver's whole process group (driver, WebKitWebDriver, app). */
  killGroup(signal) {
    try { process.kill(-this.driver.pid, signal); } catch { /* already gone */ }
  }

  /** One WebDriver call, bounded in time so that a stuck driver fails the test instead of hanging it. */
  async raw(method, path, body, timeout = 120000) {
    const r = await fetch(this.base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok || json.value?.error) {
      const e = new Error(`${method} ${path}: ${json.value?.error ?? r.status}: ${json.value?.message ?? ''}`);
      e.webdriver = json.value?.error;
      throw e;
    }
    return json.value;
  }

  cmd(method, path, body) {
    return this.raw(method, `/session/${this.id}${path}`, body);
  }

  async findAll(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.map((e) => new Element(this, e[ELEMENT]));
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, el[ELEMENT]);
  }

  /** Waits until `css` matches a displayed element; returns it. */
  async waitFor(css, timeout = 10000) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      try {
        const els = await this.findAll(css);
        for (const el of els) if (await el.displayed()) return el;
      } catch (e) {
        last = e;
      }
      await pause(POLL_MS);
    }
    throw new Error(`timed out waiting for ${css}${last ? `: ${last.message}` : ''}`);
  }

  /** Waits until `fn` returns a truthy value; returns it. */
  async until(what, fn, timeout = 10000) {
    const end = Date.now() + timeout;
    let lastValue;
    while (Date.now() < end) {
      try {
        lastValue = await fn();
        if (lastValue) return lastValue;
      } catch (e) {
        lastValue = e.message;
      }
      await pause(POLL_MS);
    }
    throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(lastValue)})`);
  }

  /** Presses keys on whatever has focus, leaving the caret where it is. */
  async keys(text) {
    const actions = [];
    for (const ch of text) actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** Presses keys together, as a shortcut (`chord(KEY.CTRL, 'a')`), and lets them go. */
  async chord(...keys) {
    const actions = [
      ...keys.map((value) => ({ type: 'keyDown', value })),
      ...keys.slice().reverse().map((value) => ({ type: 'keyUp', value })),
    ];
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Resolves once fonts are loaded and two frames have been painted. */
  async settled() {
    await this.cmd('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));`,
      args: [],
    });
  }

  async screenshot(file) {
    await this.settled();
    const b64 = await this.cmd('GET', '/screenshot');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, Buffer.from(b64, 'base64'));
  }

  /** Waits for the save state to read saved. */
  async saved(timeout = 10000) {
    await this.until('the draft to be saved', async () => {
      const el = await this.find('[data-testid="save-status"]');
      return (await el.attr('data-state')) === 'saved';
    }, timeout);
  }

  /**
   * Ends the session and the driver; the app exits with them. Safe to call
   * twice and after a failure: whatever is left of the group is killed.
   */
  async quit() {
    if (this.closed) return;
    this.closed = true;
    live.delete(this);
    if (this.id) {
      try {
        await Promise.race([this.cmd('DELETE', ''), pause(10000)]);
      } catch { /* the app may already be gone */ }
    }
    this.killGroup('SIGTERM');
    const gone = await Promise.race([this.exited.then(() => true), pause(5000).then(() => false)]);
    if (!gone) this.killGroup('SIGKILL');
    await waitForAppExit(10000, this.pids?.length ? this.pids : null);
  }
}

/** Waits for the app processes (`only` these, when given) to end; kills what remains. */
export async function waitForAppExit(timeout = 10000, only = null) {
  const mine = () => appPids().filter((p) => !only || only.includes(p));
  const end = Date.now() + timeout;
  while (mine().length && Date.now() < end) await pause(POLL_MS);
  for (const pid of mine()) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  cmd(method, path, body) {
    return this.s.cmd(method, `/element/${this.id}${path}`, body);
  }
  /**
   * Clicks as a user would: scrolls the element into the middle of its
   * scrolling box, waits until it is enabled and nothing covers its centre,
   * then clicks.
   */
  async click(timeout = 10000) {
    await this.s.until('the element to be clickable', () => this.s.exec(
      `const el = arguments[0];
       el.scrollIntoView({ block: 'center', inline: 'nearest' });
       if (el.disabled) return false;
       const r = el.getBoundingClientRect();
       if (r.width === 0 || r.height === 0) return false;
       const x = r.left + r.width / 2, y = r.top + r.height / 2;
       if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
       const hit = document.elementFromPoint(x, y);
       const label = el.closest('label') ?? el.labels?.[0];
       return !!hit && (el.contains(hit) || (label && label.contains(hit)));`,
      [this.asArg()]), timeout);
    return this.cmd('POST', '/click', {});
  }
  /** True for a contenteditable surface (a narrative editor), which the keyboard edits, not WebDriver's value commands. */
  editable() {
    return this.s.exec('return arguments[0].isContentEditable;', [this.asArg()]);
  }
  /**
   * Empties the field. A contenteditable one is emptied as a person would:
   * select all, Backspace; done once its text is gone.
   */
  async clear() {
    if (!(await this.editable())) return this.cmd('POST', '/clear', {});
    await this.s.exec('arguments[0].focus();', [this.asArg()]);
    await this.s.chord(KEY.CTRL, 'a');
    await this.s.keys(KEY.BACKSPACE);
    await this.s.until('the field to be empty', () => this.s.exec(
      'const el = arguments[0]; return (el.value ?? el.textContent) === "";', [this.asArg()]));
  }
  /**
   * Types at the end of what the field holds. Into a contenteditable one
   * the keys go through the keyboard (Ctrl+End first), so the editor sees
   * them as typing.
   */
  async type(text) {
    if (!(await this.editable())) return this.cmd('POST', '/value', { text });
    await this.s.exec('arguments[0].focus();', [this.asArg()]);
    await this.s.chord(KEY.CTRL, KEY.END);
    await this.s.keys(text);
  }
  text() { return this.cmd('GET', '/text'); }
  attr(name) { return this.cmd('GET', `/attribute/${name}`); }
  prop(name) { return this.cmd('GET', `/property/${name}`); }
  displayed() { return this.cmd('GET', '/displayed'); }
  async findAll(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.map((e) => new Element(this.s, e[ELEMENT]));
  }
  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this.s, el[ELEMENT]);
  }
  /** Chooses an option of a <select> by value, as a user's pick would. */
  select(value) {
    return this.s.exec(
      `const [el, v] = arguments; el.value = v;
       el.dispatchEvent(new Event('input', { bubbles: true }));
       el.dispatchEvent(new Event('change', { bubbles: true }));`,
      [{ [ELEMENT]: this.id }, value],
    );
  }
  asArg() { return { [ELEMENT]: this.id }; }
}

/** Shows the budget line by line (one card a line) instead of the grid; waits for the first card. */
export async function budgetAsForm(s) {
  await (await s.waitFor('[data-testid="budget-view"][data-view="form"]')).click();
  await s.waitFor('[data-testid="budget-line"], [data-testid="add-budget-line"]');
}
