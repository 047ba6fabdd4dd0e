// The authoring flow by keyboard alone: no click, no pointer event. Tab and
// Shift+Tab move the focus (the test only reads where it is), Enter and
// Space press, arrow keys choose. The cover page, a narrative section, a
// budget line and a marker criterion are completed, and the focus is
// visible all along.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir, cli } from './lib/webdriver.mjs';

const TAB = '\uE004';
const SHIFT = '\uE008';
const ENTER = '\uE007';
const SPACE = '\uE00D';
const RIGHT = '\uE014';

let s;
const data = newDataDir();
after(async () => { await s?.quit(); });

const activeMatches = (css) => s.exec('return !!document.activeElement && document.activeElement.matches(arguments[0])', [css]);

async function press(...keys) {
  const actions = [];
  for (const k of keys) actions.push({ type: 'keyDown', value: k });
  for (const k of keys.reverse()) actions.push({ type: 'keyUp', value: k });
  await s.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  await s.cmd('DELETE', '/actions');
}

/** Moves the focus with Tab (or Shift+Tab) until it is on `css`. */
async function tabTo(css, { back = false, max = 400 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await activeMatches(css)) return;
    if (back) await press(SHIFT, TAB); else await press(TAB);
  }
  throw new Error(`the keyboard never reached ${css}`);
}

/** The focused element shows where it is: an outline or a ring. */
async function focusIsVisible() {
  return s.exec(`const el = document.activeElement; const st = getComputedStyle(el);
    return (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) || st.boxShadow !== 'none';`);
}

test('a draft is written by keyboard alone: cover, narrative, budget line, marker criterion', async () => {
  s = await Session.start(data);
  await s.waitFor('[data-testid="new-blank"]');
  await tabTo('[data-testid="new-blank"]');
  assert.ok(await focusIsVisible(), 'focus visible on the library button');
  await press(ENTER);
  await s.waitFor('[data-testid="cover-title"]');

  // Cover page.
  await tabTo('[data-testid="cover-title"]');
  assert.ok(await focusIsVisible(), 'focus visible on the title');
  await s.keys('Keyboard pathways for migrant workers');
  await tabTo('[data-testid="cover-short-title"]');
  await s.keys('Keyboard pathways');

  // A narrative section, reached through the section list.
  await tabTo('[data-testid="rail-item"][data-section="executive_summary"]', { back: true });
  assert.ok(await focusIsVisible(), 'focus visible in the section list');
  await press(ENTER);
  await s.until('the heading to take the focus', () => activeMatches('#section-heading'));
  await tabTo('[data-testid="narrative"][data-key="executive_summary.body"]');
  await s.keys('Written without a mouse.');

  // A budget line.
  await tabTo('[data-testid="rail-item"][data-section="annex_budget"]', { back: true });
  await press(ENTER);
  await s.until('the budget heading to take the focus', () => activeMatches('#section-heading'));
  await tabTo('[data-testid="add-budget-line"]');
  await press(ENTER);
  await s.until('the grid’s new row to take the focus', () => activeMatches('[data-testid="grid-new-row"] [data-testid="grid-cell"][data-key="description"]'));
  await s.keys('Interpretation for community meetings');
  await press(ENTER);
  await s.until('the line to be added', async () => (await s.findAll('[data-testid="grid-row"]')).length > 0 &&
    (await s.exec('return document.querySelector(\'[data-testid="grid"]\').getAttribute("aria-rowcount")')) === '3');

  // A marker criterion: Space chooses the first level, an arrow moves on.
  await tabTo('[data-testid="rail-item"][data-section="annex_human_rights_marker"]', { back: true });
  await press(ENTER);
  await s.until('the marker heading to take the focus', () => activeMatches('#section-heading'));
  await tabTo('[data-testid="hr-criterion"] [data-testid="hr-level"]');
  assert.ok(await focusIsVisible(), 'focus visible on a marker level');
  await press(SPACE);
  await press(RIGHT);
  const chosen = await s.exec('return document.activeElement.dataset.level');
  await s.saved();
  // The save state and the readiness counts sit in live regions for screen readers.
  assert.equal(await (await s.find('[data-testid="save-status"]')).attr('role'), 'status');
  assert.match(await s.exec('return document.querySelector(\'[data-testid="readiness-announce"]\').textContent'), /^\d+ to fix · \d+ to check$/);

  const id = JSON.parse(cli(data, ['list', '--json'])).find((d) => d.title.startsWith('Keyboard'))?.id;
  assert.ok(id, 'the draft is in the library');
  const p = JSON.parse(cli(data, ['show', id]));
  assert.equal(p.cover.title, 'Keyboard pathways for migrant workers');
  assert.equal(p.cover.short_title, 'Keyboard pathways');
  assert.equal(p.narrative['executive_summary.body'], 'Written without a mouse.');
  assert.equal(p.budget.lines[0].description, 'Interpretation for community meetings');
  const answered = Object.values(p.markers.human_rights.criteria).map((c) => c.level);
  assert.ok(chosen && answered.includes(chosen), `the chosen level ${chosen} is saved (${answered})`);
});
