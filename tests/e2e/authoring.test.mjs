// Authoring, end to end: the readiness list leads a new user to each field,
// and word limits warn as they are passed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir, cli, KEY, WINDOW } from './lib/webdriver.mjs';

let s;
let data;
after(async () => { await s?.quit(); });

/** The narrative of the one draft, as saved on disk. */
function savedNarrative() {
  const [draft] = JSON.parse(cli(data, ['list', '--json']));
  return JSON.parse(cli(data, ['show', draft.id])).narrative;
}

/** Pastes plain text where the caret is, as Ctrl+V from another program would. */
async function paste(el, text) {
  await s.exec(`
    const el = arguments[0];
    el.focus();
    const data = new DataTransfer();
    data.setData('text/plain', arguments[1]);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));`, [el.asArg(), text]);
}

const activeTestId = () => s.exec('return document.activeElement && document.activeElement.dataset.testid;');

async function problemPaths() {
  await (await s.find('[data-testid="rail-readiness"]')).click();
  await s.waitFor('[data-testid="readiness"]');
  const items = await s.findAll('[data-testid="readiness-problem"]');
  return Promise.all(items.map((i) => i.attr('data-path')));
}

test('a problem link leads to its field, and fixing it clears the problem', async () => {
  data = newDataDir();
  s = await Session.start(data);
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
  // 499 words pasted (typing them key by key takes WebKitWebDriver a minute), the last ones typed.
  await paste(editor, 'word '.repeat(499).trim());
  await s.until('499 words counted', async () => /^499 \/ 500 words/.test(await counter.text()));
  assert.equal(await counter.attr('class').then((c) => c.includes('over')), false);
  await editor.type(' two more');
  await s.until('501 words counted', async () => /501 \/ 500 words · over the limit/.test(await counter.text()));
  await s.saved();
  const warning = await s.waitFor('[data-testid="problem"][data-path="/narrative/executive_summary.body"][data-severity="warning"]');
  assert.match(await warning.text(), /501 words; the limit is 500/);
});

test('a long text is one editor: select all empties it, the empty text is saved, undo brings it back, typing at its end works', async () => {
  await (await s.find('[data-testid="rail-item"][data-section="strategy"]')).click();
  const editor = await s.waitFor('[data-testid="narrative"][data-key="strategy.body"]');
  // 1,436 words in twelve paragraphs, as pasted from another document.
  const paragraphs = [];
  for (let left = 1436, n = 1; left > 0; n++) {
    const words = Math.min(120, left);
    paragraphs.push(`Paragraph ${n} ${'text '.repeat(words - 3)}end.`);
    left -= words;
  }
  const text = paragraphs.join('\n\n');
  await paste(editor, text);
  const counter = await s.find('[data-testid="word-count"][data-key="strategy.body"]');
  await s.until('1436 words counted', async () => /^1436\b/.test(await counter.text()));
  assert.equal(await editor.prop('value'), text);
  assert.equal((await s.findAll('[data-testid="narrative"][data-key="strategy.body"]')).length, 1, 'one editor surface');
  assert.equal((await s.findAll('[data-testid="narrative-block"]')).length, 0, 'no paragraph boxes');
  assert.equal(await s.exec('return arguments[0].closest(".md").querySelectorAll("[contenteditable], textarea").length', [editor.asArg()]), 1,
    'one surface to type in for the whole text');
  await s.saved();
  assert.equal(savedNarrative()['strategy.body'], text);

  // At 1280x720 the editor is taller than the window and grows with its text: the page scrolls, never the field.
  await s.resize(1280, 720);
  const fit = await s.exec(`
    const el = arguments[0];
    const scroller = el.closest('.cm-editor').querySelector('.cm-scroller');
    return { scroll: scroller.scrollHeight, client: scroller.clientHeight, height: el.getBoundingClientRect().height, window: innerHeight };`, [editor.asArg()]);
  assert.ok(fit.scroll <= fit.client + 2, `no inner scroll (${JSON.stringify(fit)})`);
  assert.ok(fit.height > fit.window, `the editor is as tall as its text (${JSON.stringify(fit)})`);

  // Ctrl+A selects the whole text (not one paragraph); Delete empties it, and the empty text is saved.
  await s.exec('arguments[0].focus();', [editor.asArg()]);
  await s.chord(KEY.CTRL, 'a');
  await s.keys(KEY.DELETE);
  await s.until('the editor to be empty', async () => (await editor.prop('value')) === '');
  await s.until('0 words counted', async () => /^0\b/.test(await counter.text()));
  await s.saved();
  assert.equal(savedNarrative()['strategy.body'] ?? '', '');

  // Undo brings the whole text back in one step.
  await s.chord(KEY.CTRL, 'z');
  await s.until('the text back', async () => (await editor.prop('value')) === text);

  // Typing at the end of the long text.
  await s.chord(KEY.CTRL, KEY.END);
  await s.keys(' Typed at the end.');
  const typed = `${text} Typed at the end.`;
  await s.until('the typed words at the end', async () => (await editor.prop('value')) === typed);
  await s.saved();
  assert.equal(savedNarrative()['strategy.body'], typed);

  // What was saved comes back the same after leaving and reopening the draft.
  await (await s.find('[data-testid="back-to-library"]')).click();
  await (await s.waitFor('[data-testid="draft-open"]')).click();
  await (await s.waitFor('[data-testid="rail-item"][data-section="strategy"]')).click();
  const reopened = await s.waitFor('[data-testid="narrative"][data-key="strategy.body"]');
  assert.equal(await reopened.prop('value'), typed);
  await s.resize(WINDOW.width, WINDOW.height);
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

  // The toolbar and the shortcuts work on the editor's selection; undo and redo take an edit back and forth.
  const value = () => editor.prop('value');
  await s.chord(KEY.CTRL, KEY.END);
  await s.keys(`${KEY.ENTER}${KEY.ENTER}Handover`);
  await s.chord(KEY.SHIFT, KEY.HOME);
  await (await s.find('[data-testid="md-bold"]')).click();
  await s.until('the line in bold', async () => (await value()).endsWith('year two.\n\n**Handover**'));
  await s.chord(KEY.CTRL, 'z');
  await s.until('bold undone', async () => (await value()).endsWith('year two.\n\nHandover'));
  await s.chord(KEY.CTRL, KEY.SHIFT, 'z');
  await s.until('bold redone with Ctrl+Shift+Z', async () => (await value()).endsWith('\n\n**Handover**'));
  await s.chord(KEY.CTRL, 'z');
  await s.chord(KEY.CTRL, 'y');
  await s.until('bold redone with Ctrl+Y', async () => (await value()).endsWith('\n\n**Handover**'));
  await s.chord(KEY.CTRL, KEY.END);
  await s.keys(' ');
  await s.chord(KEY.CTRL, 'i');
  await s.keys('soon');
  await s.until('Ctrl+I to wrap the typed word', async () => (await value()).endsWith('**Handover** *soon*'));
  await s.saved();
  // The preview shows the core's reading of the text (the PDF's): emphasis, a list, and hostile text as text.
  await s.chord(KEY.CTRL, KEY.END);
  await s.keys(`${KEY.ENTER}${KEY.ENTER}<img src=x onerror=alert(1)> \\*not italic\\*`);
  await (await s.find('[data-testid="md-preview"]')).click();
  const pane = await s.waitFor('[data-testid="md-preview-pane"]');
  await s.until('the preview to be drawn', async () => (await pane.text()).includes('not italic'));
  const shown = await s.exec(`const p = document.querySelector('[data-testid="md-preview-pane"]');
    return { strong: [...p.querySelectorAll('strong')].map((e) => e.textContent), em: [...p.querySelectorAll('em')].map((e) => e.textContent),
      items: [...p.querySelectorAll('ul > li')].map((e) => e.textContent.trim()), img: p.querySelectorAll('img').length, last: [...p.querySelectorAll('p')].pop().textContent };`);
  assert.deepEqual(shown.strong, ['National ownership', 'Handover']);
  assert.deepEqual(shown.em, ['early', 'soon']);
  assert.deepEqual(shown.items, ['Ministries co-chair the committee', 'Municipalities take over services']);
  assert.equal(shown.img, 0);
  assert.equal(shown.last.trim(), '<img src=x onerror=alert(1)> *not italic*');
  await (await s.find('[data-testid="md-preview"]')).click();
  await s.saved();
  // The library shows each section's state.
  await (await s.find('[data-testid="back-to-library"]')).click();
  const states = await s.waitFor('[data-testid="draft-row"] [data-testid="draft-sections"]');
  const ownership = await states.find('[data-section="ownership"]');
  assert.equal(await ownership.attr('data-state'), 'complete');
  assert.equal(await (await states.find('[data-section="governance"]')).attr('data-state'), 'empty');
});
