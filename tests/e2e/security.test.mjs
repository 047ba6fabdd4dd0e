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

test('a proposal with hostile text in its fields opens inert, and exports', async () => {
  const { writeFileSync, mkdtempSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { cli } = await import('./lib/webdriver.mjs');
  await s?.quit();
  const data = newDataDir();
  const p = JSON.parse(cli(data, ['example']));
  const attack = '<script>window.__pwned=1</script><style>body{display:none}</style><img src=x onerror="window.__pwned=2">';
  p.name = 'Hostile';
  p.cover.title = `${attack} \u202Eevil\u202C`;
  p.cover.short_title = '<b onmouseover=alert(1)>x</b>';
  p.narrative['executive_summary.body'] = 'x'.repeat(390000); // one "word" near the field's limit
  p.narrative['context.body'] = '😀'.repeat(10000);
  p.narrative['strategy.body'] = `${attack}\n\n[link](javascript:alert(1)) **${attack}**`;
  p.budget.lines[0].description = attack;
  const file = join(mkdtempSync(join(tmpdir(), 'ps-hostile-')), 'hostile.json');
  // A NUL character is refused at the door, in words, and nothing is imported.
  writeFileSync(file, JSON.stringify({ ...p, cover: { ...p.cover, title: 'a\u0000b' } }));
  assert.throws(() => cli(data, ['import', file], { stdio: 'pipe' }), /contains a NUL character/);
  writeFileSync(file, JSON.stringify(p));
  cli(data, ['import', file]);
  s = await Session.start(data);
  const rows = await s.findAll('[data-testid="draft-row"]');
  const hostile = await (async () => { for (const r of rows) if ((await r.text()).includes('Hostile')) return r; })();
  await (await hostile.find('[data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  assert.equal(await (await s.find('[data-testid="cover-title"]')).prop('value'), p.cover.title);
  for (const section of ['executive_summary', 'context', 'strategy', 'annex_budget']) {
    await (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
    await s.waitFor('#section-heading');
  }
  assert.equal(await s.exec('return window.__pwned === undefined && getComputedStyle(document.body).display !== "none"'), true);
  assert.equal((await s.findAll('img[src="x"], b[onmouseover]')).length, 0);
  // The PDF lays it out.
  const out = mkdtempSync(join(tmpdir(), 'ps-hostile-out-'));
  cli(data, ['export', file, '--out', out, '--review-copy', '--date', '2026-11-28']);
  assert.ok(readdirSync(out).some((f) => f.endsWith('.pdf')));
});
