// The locked-down shell, seen from inside the real webview: our own commands
// answer; core and plugin commands the capability does not name are refused;
// hostile text typed into fields stays inert text.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Session, newDataDir } from './lib/webdriver.mjs';

let s;
after(async () => { await s?.quit(); });

/** Invokes a command through Tauri's IPC from the page; resolves to {ok, value|error}. */
async function invoke(cmd, args = {}) {
  try {
    return await s.cmd('POST', '/execute/async', {
      script: `const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args).then(
          (v) => done({ ok: true, value: v }),
          (e) => done({ ok: false, error: String(e && e.message ? e.message : JSON.stringify(e)) }));`,
      args: [cmd, args],
    });
  } catch (e) {
    // WebKitWebDriver reports some rejections as a script error instead.
    return { ok: false, error: e.message };
  }
}

test('only our own commands and the dialogs we use are reachable from the UI', async () => {
  s = await Session.start(newDataDir());
  const own = await invoke('list_drafts', { trashed: false });
  assert.equal(own.ok, true, JSON.stringify(own));
  assert.equal(own.value.length, 1);

  for (const [cmd, args] of [
    ['plugin:window|set_title', { label: 'main', value: 'pwned' }],
    ['plugin:webview|create_webview_window', { options: { label: 'x', url: 'https://example.org' } }],
    ['plugin:path|resolve_directory', { directory: 1 }],
    ['plugin:opener|open_url', { url: 'https://example.org' }],
    ['plugin:app|version', {}],
  ]) {
    const r = await invoke(cmd, args);
    assert.equal(r.ok, false, `${cmd} should be refused`);
    assert.match(r.error, /not allowed|denied|permission|not found/i, `${cmd}: ${r.error}`);
  }

  const conf = JSON.parse(readFileSync(new URL('../../src-tauri/tauri.conf.json', import.meta.url), 'utf8'));
  const csp = conf.app.security.csp;
  assert.match(csp, /default-src 'self'/);
  delete conf.$schema; // an editor hint, never loaded by the app
  assert.doesNotMatch(JSON.stringify(conf), /https?:\/\/(?![\w.-]*localhost\b)/, 'no remote URL in the app configuration');
});

test('hostile text typed into a field stays text', async () => {
  await (await s.find('[data-testid="new-blank"]')).click();
  const title = await s.waitFor('[data-testid="cover-title"]');
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\u202Eevil';
  await title.type(hostile);
  await s.saved();
  assert.equal(await title.prop('value'), hostile);
  assert.equal(await s.exec('return window.__pwned === undefined'), true);
  assert.equal((await s.findAll('img[src="x"]')).length, 0);
});
