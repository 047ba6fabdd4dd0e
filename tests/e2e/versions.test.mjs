// Versions, end to end: a version saved by hand is viewed read-only and
// compared with the draft (the cover field before and after, the narrative
// word by word), then restored; what the restore replaced is kept as a
// version of its own.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Session, newDataDir, KEY } from './lib/webdriver.mjs';
import { violations } from './lib/axe.mjs';

const NEW_TITLE = 'Livelihoods for migrant and host-community women in Imbabura and Sucumbíos';
const VERSION = 'Before the workshop in Ibarra';

let s;
let oldTitle;
let versionId;
after(async () => { await s?.quit(); });

const shot = async (name) => {
  if (process.env.SHOTS) await s.screenshot(join(process.env.SHOTS, name));
};

/** Selects the first `length` characters of a text field and types over them, as a user would. */
async function typeOver(el, length, text) {
  if (await el.editable()) {
    // A narrative editor: the keyboard selects, from the start of the text.
    await s.exec('arguments[0].focus();', [el.asArg()]);
    await s.chord(KEY.CTRL, KEY.HOME);
    for (let i = 0; i < length; i++) await s.chord(KEY.SHIFT, KEY.RIGHT);
  } else {
    await s.exec('const el = arguments[0]; el.focus(); el.setSelectionRange(0, arguments[1]);', [el.asArg(), length]);
  }
  await s.keys(text);
}

/** No serious or critical axe-core finding on the screen as it is now. */
async function accessible(screen) {
  const found = await violations(s);
  assert.deepEqual(found, [], `${screen}: ${JSON.stringify(found, null, 1)}`);
}

const texts = async (css) => Promise.all((await s.findAll(css)).map((e) => e.text()));

test('a version saved by hand is listed, and an empty name is refused', async () => {
  s = await Session.start(newDataDir());
  await s.cmd('POST', '/window/rect', { width: 1366, height: 860 });
  await (await s.waitFor('[data-testid="new-example"]')).click();
  const title = await s.waitFor('[data-testid="cover-title"]');
  oldTitle = await title.prop('value');
  assert.match(oldTitle, /^Building livelihoods together/);

  await (await s.find('[data-testid="open-history"]')).click();
  await s.waitFor('[data-testid="history-panel"]');
  assert.match(await (await s.waitFor('[data-testid="history-empty"]')).text(), /No versions yet/);

  await (await s.find('[data-testid="history-save-open"]')).click();
  const name = await s.waitFor('[data-testid="history-save-name"]');
  assert.match(await name.prop('value'), /^Version of /, 'a name is suggested');
  // Emptied, the name is refused with a message, and nothing is saved.
  await typeOver(name, 1000, '\uE003');
  await (await s.find('[data-testid="history-save"]')).click();
  assert.match(await (await s.waitFor('[data-testid="history-save-error"]')).text(), /Give the version a name/);
  assert.equal((await s.findAll('[data-testid="history-version"]')).length, 0);

  await name.type(VERSION);
  await s.keys('\uE007'); // Enter submits
  await s.until('the version to be listed', async () => (await s.findAll('[data-testid="history-version"]')).length === 1);
  const row = await s.find('[data-testid="history-version"]');
  versionId = await row.attr('data-version-id');
  assert.equal(await (await row.find('[data-testid="history-version-name"]')).text(), VERSION);
  assert.equal(await row.attr('data-reason'), 'manual');
  assert.match(await (await s.find('[data-testid="history-notice"]')).text(), /saved/);
});

test('the version is read-only and compares with the changed draft, cover and narrative', async () => {
  const title = await s.find('[data-testid="cover-title"]');
  await typeOver(title, oldTitle.length, NEW_TITLE);
  await s.saved();

  // Viewing: the old title, and no field to type in.
  await (await s.find(`[data-version-id="${versionId}"] [data-testid="history-view"]`)).click();
  const viewed = await s.waitFor('[data-testid="history-version-view"] [data-testid="view-field"][data-path="/cover/title"]');
  assert.match(await viewed.text(), new RegExp(oldTitle.slice(0, 40)));
  assert.equal((await s.findAll('[data-testid="history-pane"] input, [data-testid="history-pane"] textarea')).length, 0);
  assert.match(await (await s.find('[data-testid="history-pane-title"]')).text(), new RegExp(VERSION));
  await accessible('a version, read-only');

  // From the version, compare it with the current draft.
  await (await s.find('[data-testid="pane-compare-current"]')).click();
  const row = await s.waitFor('[data-testid="compare-cover"] [data-testid="compare-cover-row"][data-field="title"]');
  assert.equal(await (await row.find('[data-testid="compare-before"]')).text(), oldTitle);
  assert.equal(await (await row.find('[data-testid="compare-after"]')).text(), NEW_TITLE);
  assert.match(await (await s.find('[data-testid="history-pane-title"]')).text(), new RegExp(`Comparing ${VERSION} with Current draft`));
  assert.equal((await s.findAll('[data-testid="compare-text"]')).length, 0, 'no narrative changed yet');

  // A paragraph edited in the executive summary: words deleted and inserted.
  await (await s.find('[data-testid="rail-item"][data-section="executive_summary"]')).click();
  const editor = await s.waitFor('[data-testid="narrative"][data-key="executive_summary.body"]');
  assert.match(await editor.prop('value'), /^Ecuador is now a country/);
  await typeOver(editor, 'Ecuador is now'.length, 'Ecuador has become');
  await s.until('the edit in the editor', async () => /^Ecuador has become a country/.test(await editor.prop('value')));
  await s.saved();

  await (await s.find(`[data-version-id="${versionId}"] [data-testid="history-compare-current"]`)).click();
  const change = await s.waitFor('[data-testid="compare-text"][data-key="executive_summary.body"]');
  const deleted = (await texts('[data-key="executive_summary.body"] [data-testid="compare-del"]')).join(' ');
  const inserted = (await texts('[data-key="executive_summary.body"] [data-testid="compare-ins"]')).join(' ');
  assert.match(deleted, /\bis\b/);
  assert.match(deleted, /\bnow\b/);
  assert.match(inserted, /\bhas\b/);
  assert.match(inserted, /\bbecome\b/);
  assert.match(await change.text(), /\+2 words, −2 words/);
  // Unchanged budget: every figure side by side, none marked changed.
  const total = await s.find('[data-testid="compare-budget-row"][data-key="total"]');
  const totalCells = async () => Promise.all((await total.findAll('td')).map((c) => c.text()));
  await s.until('the compared totals, written', async () => (await totalCells())[0] === '2,396,800.00');
  const cells = await totalCells();
  assert.deepEqual(cells.slice(0, 2), ['2,396,800.00', '2,396,800.00']);
  assert.equal((await s.findAll('[data-testid="compare-budget-row"][data-changed="true"]')).length, 0);
  await accessible('a comparison');
  await shot('compare.png');

  // Any two: the version against itself is refused, against the draft it is the same comparison.
  await (await s.find('[data-testid="history-compare-from"]')).select(versionId);
  await (await s.find('[data-testid="history-compare-to"]')).select(versionId);
  assert.equal(await (await s.find('[data-testid="history-compare"]')).prop('disabled'), true);
  await (await s.find('[data-testid="history-swap"]')).click();
  await (await s.find('[data-testid="history-compare-to"]')).select('');
  await (await s.find('[data-testid="history-compare"]')).click();
  await s.waitFor('[data-testid="history-pane"][data-loading="false"] [data-testid="compare-cover-row"][data-field="title"]');
});

test('restoring asks first, brings the old title back and keeps what it replaced as a version', async () => {
  await (await s.find(`[data-version-id="${versionId}"] [data-testid="history-restore"]`)).click();
  await s.waitFor('[data-testid="history-restore-confirm"]');
  await accessible('the restore question');
  await shot('restore-confirm.png');
  // Cancel leaves everything as it is.
  await (await s.find('[data-testid="history-restore-cancel"]')).click();
  assert.equal((await s.findAll('[data-testid="history-restore-confirm"]')).length, 0);
  await (await s.find(`[data-version-id="${versionId}"] [data-testid="history-restore"]`)).click();
  await (await s.waitFor('[data-testid="history-restore-confirm"]')).click();

  await s.until('the list to hold the version taken before restoring', async () =>
    (await s.findAll('[data-testid="history-version"]')).length === 2);
  const newest = (await s.findAll('[data-testid="history-version"]'))[0];
  assert.equal(await newest.attr('data-reason'), 'restore');
  assert.match(await newest.text(), /Before restoring/);
  assert.match(await (await s.find('[data-testid="history-notice"]')).text(), /restored/);
  assert.equal((await s.findAll('[data-testid="history-pane"]')).length, 0, 'the editor is back');

  await (await s.find('[data-testid="rail-item"][data-section="executive_summary"]')).click();
  await s.until('the old summary in its editor', async () =>
    /^Ecuador is now a country/.test(await (await s.waitFor('[data-testid="narrative"][data-key="executive_summary.body"]')).prop('value')));
  await (await s.find('[data-testid="rail-item"][data-section="cover"]')).click();
  await s.until('the old title in the title field', async () =>
    (await (await s.waitFor('[data-testid="cover-title"]')).prop('value')) === oldTitle);

  // The version taken before restoring holds the new title: comparing it with the draft shows the way back.
  await (await newest.find('[data-testid="history-compare-current"]')).click();
  const row = await s.waitFor('[data-testid="compare-cover-row"][data-field="title"]');
  assert.equal(await (await row.find('[data-testid="compare-before"]')).text(), NEW_TITLE);
  assert.equal(await (await row.find('[data-testid="compare-after"]')).text(), oldTitle);
  await shot('compare-after-restore.png');
  await (await s.find('[data-testid="history-pane-close"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
});
