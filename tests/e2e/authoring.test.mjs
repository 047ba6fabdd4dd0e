// Authoring, end to end: the readiness list leads a new user to each field,
// and word limits warn as they are passed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir } from './lib/webdriver.mjs';

let s;
after(async () => { await s?.quit(); });

const activeTestId = () => s.exec('return document.activeElement && document.activeElement.dataset.testid;');

async function problemPaths() {
  await (await s.find('[data-testid="rail-readiness"]')).click();
  await s.waitFor('[data-testid="readiness"]');
  const items = await s.findAll('[data-testid="readiness-problem"]');
  return Promise.all(items.map((i) => i.attr('data-path')));
}

test('a problem link leads to its field, and fixing it clears the problem', async () => {
  s = await Session.start(newDataDir());
  await (await s.find('[data-testid="new-blank"]')).click();
  await s.waitFor('[data-testid="cover-title"]');

  const before = await problemPaths();
  assert.ok(before.includes('/cover/title'), 'a blank draft lists the missing title');
  assert.ok(before.includes('/narrative/principles.f'), 'and every unanswered principle');
  const summary = await (await s.find('[data-testid="readiness-summary"]')).text();
  assert.match(summary, /Not ready/);

  await (await s.find('[data-testid="readiness-problem"][data-path="/cover/title"]')).click();
  await s.until('the title field to have focus', async () => (await activeTestId()) === 'cover-title');
  await (await s.find('[data-testid="cover-title"]')).type('Decent work for migrant women in the Andes');
  await s.saved();
  assert.ok(!(await problemPaths()).includes('/cover/title'), 'the problem is gone once the title is written');

  // A narrative problem opens its section and focuses its editor.
  await (await s.find('[data-testid="readiness-problem"][data-path="/narrative/context.rights_holders"]')).click();
  await s.until('the rights-holders editor to have focus', async () =>
    s.exec('return document.activeElement && document.activeElement.dataset.key;').then((k) => k === 'context.rights_holders'));
  await (await s.find('[data-testid="narrative"][data-key="context.rights_holders"]')).type('Migrant women and young people in the two provinces.');
  await s.saved();
  const rail = await s.find('[data-testid="rail-item"][data-section="context"]');
  assert.equal(await rail.attr('data-state'), 'in_progress');
  assert.ok(!(await problemPaths()).includes('/narrative/context.rights_holders'));
});

test('typing past a word limit turns the counter and the readiness list to a warning', async () => {
  await (await s.find('[data-testid="rail-item"][data-section="executive_summary"]')).click();
  const editor = await s.waitFor('[data-testid="narrative"][data-key="executive_summary.body"]');
  const counter = await s.find('[data-testid="word-count"][data-key="executive_summary.body"]');
  assert.match(await counter.text(), /^0 \/ 500 words/);
  await editor.type('word '.repeat(499).trim());
  assert.match(await counter.text(), /^499 \/ 500 words/);
  assert.equal(await counter.attr('class').then((c) => c.includes('over')), false);
  await editor.type(' two more');
  assert.match(await counter.text(), /501 \/ 500 words · over the limit/);
  await s.saved();
  const warning = await s.waitFor('[data-testid="problem"][data-path="/narrative/executive_summary.body"][data-severity="warning"]');
  assert.match(await warning.text(), /501 words; the limit is 500/);
});

test('a long section turns into paragraphs that split, join and save', async () => {
  await (await s.find('[data-testid="rail-item"][data-section="strategy"]')).click();
  const editor = await s.waitFor('[data-testid="narrative"][data-key="strategy.body"]');
  const paragraph = (n) => `Paragraph ${n} ${'text '.repeat(109)}end.`;
  // WebKitWebDriver types a line break as the Enter key.
  const enter = '\uE007';
  const text = Array.from({ length: 10 }, (_, i) => paragraph(i + 1)).join(enter + enter);
  await editor.type(text);
  const blocks = async () => s.findAll('[data-testid="narrative-block"]');
  await s.until('ten paragraphs', async () => (await blocks()).length === 10);
  await s.saved();

  // Backspace at the start of paragraph 3 joins it to paragraph 2.
  // (Keys go through the Actions API, which leaves the caret where it is.)
  const third = (await blocks())[2];
  await s.exec('arguments[0].focus(); arguments[0].setSelectionRange(0, 0);', [third.asArg()]);
  await s.keys('\uE003');
  await s.until('nine paragraphs', async () => (await blocks()).length === 9);
  // A blank line typed at the end of paragraph 1 starts a new one.
  const first = (await blocks())[0];
  await s.exec('const el = arguments[0]; el.focus(); el.setSelectionRange(el.value.length, el.value.length);', [first.asArg()]);
  await s.keys(`${enter}${enter}A new paragraph.`);
  await s.until('ten paragraphs again', async () => (await blocks()).length === 10);
  await s.saved();

  // What was saved comes back the same after leaving and reopening the draft.
  const before = await Promise.all((await blocks()).map((b) => b.prop('value')));
  assert.equal(before[1], 'A new paragraph.');
  assert.ok(before[2].startsWith('Paragraph 2 ') && before[2].includes('end.\nParagraph 3 '));
  await (await s.find('[data-testid="back-to-library"]')).click();
  await (await s.waitFor('[data-testid="draft-open"]')).click();
  await (await s.waitFor('[data-testid="rail-item"][data-section="strategy"]')).click();
  await s.until('the paragraphs after reopening', async () => (await blocks()).length === 10);
  const after = await Promise.all((await blocks()).map((b) => b.prop('value')));
  assert.deepEqual(after, before);
});

test('pasting from Word keeps paragraphs, lists and emphasis and drops the styling', async () => {
  await (await s.find('[data-testid="rail-item"][data-section="ownership"]')).click();
  const editor = await s.waitFor('[data-testid="narrative"][data-key="ownership.body"]');
  const wordHtml = `<html><head><style>p.MsoNormal{font-family:Calibri}</style></head><body>
    <p class="MsoNormal" style="font-family:Calibri;color:#333"><b>National ownership</b> is built <i>early</i>.</p>
    <p class="MsoListParagraph" style="mso-list:l0 level1 lfo1">·&nbsp;&nbsp;Ministries co-chair the committee</p>
    <p class="MsoListParagraph" style="mso-list:l0 level1 lfo1">·&nbsp;&nbsp;Municipalities take over services</p>
    <p class="MsoNormal"><span style="font-size:11pt">Exit is planned from year two.</span></p></body></html>`;
  const pasted = await s.exec(`
    const el = arguments[0];
    el.focus();
    const data = new DataTransfer();
    data.setData('text/html', arguments[1]);
    data.setData('text/plain', 'plain');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return el.value;`, [editor.asArg(), wordHtml]);
  assert.equal(pasted, '**National ownership** is built *early*.\n\n- Ministries co-chair the committee\n- Municipalities take over services\n\nExit is planned from year two.');
  await s.saved();
  // The library shows each section's state.
  await (await s.find('[data-testid="back-to-library"]')).click();
  const states = await s.waitFor('[data-testid="draft-row"] [data-testid="draft-sections"]');
  const ownership = await states.find('[data-section="ownership"]');
  assert.equal(await ownership.attr('data-state'), 'complete');
  assert.equal(await (await states.find('[data-section="governance"]')).attr('data-state'), 'empty');
});
