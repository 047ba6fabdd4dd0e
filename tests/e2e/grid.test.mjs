// The budget grid in the real app, by keyboard and through the real X
// clipboard: five lines typed without a mouse (amounts written as people
// write them, read by the core), fill down with Ctrl+D, undo and redo,
// copy out as HTML and tab-separated text, rows pasted from a spreadsheet
// as new lines, a paste with a bad cell refused whole, grouping with
// subtotals and a filter, and no serious accessibility finding. Every
// figure is checked in the saved draft.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Session, newDataDir, cli, KEY } from './lib/webdriver.mjs';
import { copy as copyTo, clipboardAs, releaseClipboard } from './lib/system.mjs';
import { violations } from './lib/axe.mjs';

const data = newDataDir();
const SHOTS = process.env.PROPOSAL_STUDIO_SHOTS;
let s;
after(async () => {
  releaseClipboard();
  await s?.quit();
});

const copy = (content, type) => copyTo(content, type, s);
const draftId = () => JSON.parse(cli(data, ['list', '--json']))[0].id;
const lines = () => JSON.parse(cli(data, ['show', draftId()])).budget.lines;
const active = () => s.exec(`const el = document.activeElement; const c = el && el.closest('[data-cell]');
  return c ? { cell: c.dataset.cell, key: c.dataset.key, index: c.closest('[role="row"]').dataset.index ?? null } : null;`);
const rowCount = () => s.exec('return Number(document.querySelector(\'[data-testid="grid"]\').getAttribute("aria-rowcount"))');
const text = async (css) => (await (await s.find(css)).text()).trim();

/** A decimal string as an integer scaled by 10^places. */
const scaled = (d, places) => {
  const [int, frac = ''] = d.split('.');
  return BigInt(int + frac.padEnd(places, '0').slice(0, places));
};
/** A PUNO's direct costs in cents: each line's quantity × unit cost rounded half up to the cent, then added. */
const directCents = (all, puno) => all.filter((l) => l.puno === puno)
  .reduce((sum, l) => sum + (scaled(l.quantity, 4) * scaled(l.unit_cost, 2) + 5000n) / 10000n, 0n);
const usd = (cents) => `${(cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(cents % 100n).toString().padStart(2, '0')}`;

/** Focuses a grid cell and waits until it has the focus (a re-render may still be under way). */
async function focusCell(css) {
  await s.until(`${css} to have the focus`, () => s.exec(`const el = document.querySelector(arguments[0]); if (!el) return false;
    if (document.activeElement !== el) el.focus(); return document.activeElement === el;`, [css]));
}


test('five budget lines typed in the grid without a mouse, then filled down, undone, redone, copied and pasted', async () => {
  s = await Session.start(data, {}, { width: 1280, height: 720 });
  await (await s.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await (await s.waitFor('[data-testid="rail-item"][data-section="annex_budget"]')).click();
  await s.waitFor('[data-testid="grid"]');
  const before = lines().length;
  assert.equal(await rowCount(), before + 2, 'a header row, a row a line and the new row');
  // The grid pattern: a grid of rows of cells, each cell with its column number.
  const roles = await s.exec(`const g = document.querySelector('[data-testid="grid"]');
    const c = g.querySelector('[data-testid="grid-cell"]');
    return [g.getAttribute('role'), c.getAttribute('role'), c.getAttribute('aria-colindex'), g.querySelectorAll('[role="columnheader"]').length];`);
  assert.deepEqual(roles.slice(0, 3), ['grid', 'gridcell', '2']);
  assert.ok(roles[3] >= 10);

  // "Add budget line" (reached and pressed by keyboard) puts the focus on the new row.
  await s.exec('document.querySelector(\'[data-testid="add-budget-line"]\').focus()');
  await s.keys(KEY.ENTER);
  await s.until('the new row to take the focus', async () => (await active())?.key === 'description');

  const typed = [
    ['Translators for the consultations', '1', 'UNDP', '1.1', '1', 'day', '12', '1,250.50', '50'],
    ['Venue hire, Ibarra', 'Contractual', 'PNUD', '1.2', '2', 'day', '3', 'USD 800', '0'],
    ['Community radio spots', '3', 'UN Women', '1.1', '2', 'spot', '40', '150', '100'],
    ['Legal aid clinics', '4', 'IOM', '1.2', '3', 'clinic', '6', '2 400,00', '60 %'],
    ['Printing of guides', '6', 'ONU Mujeres', '1.1', '1', 'lot', '1', '975.25', '25'],
  ];
  for (const values of typed) {
    for (const [k, v] of values.entries()) {
      await s.keys(v);
      if (k === values.length - 1) break;
      await s.keys(KEY.TAB);
      // The line total is computed: Tab passes over it.
      if (k === 7) await s.keys(KEY.TAB);
    }
    // Enter writes the last cell and goes down to the new row; Home to its first cell.
    await s.keys(KEY.ENTER);
    await s.keys(KEY.HOME);
  }
  if (SHOTS) await s.screenshot(join(SHOTS, 'grid-after-typing.png'));
  console.log(JSON.stringify(lines().slice(before)), await s.exec('return document.querySelector(\'[data-testid="grid-status"]\').textContent'));
  await s.until('five lines added', async () => (await rowCount()) === before + 7);
  await s.saved();
  const added = lines().slice(before);
  assert.deepEqual(
    added.map((l) => [l.description, l.category, l.puno, l.year, l.unit, l.quantity, l.unit_cost, l.gender_share]),
    [
      ['Translators for the consultations', 1, 'UNDP', 1, 'day', '12', '1250.50', 50],
      ['Venue hire, Ibarra', 4, 'UNDP', 2, 'day', '3', '800.00', 0],
      ['Community radio spots', 3, 'UN Women', 2, 'spot', '40', '150.00', 100],
      ['Legal aid clinics', 4, 'IOM', 3, 'clinic', '6', '2400.00', 60],
      ['Printing of guides', 6, 'UN Women', 1, 'lot', '1', '975.25', 25],
    ],
  );
  assert.ok(added.every((l) => l.output_id !== ''), 'outputs read by number');
  if (SHOTS) await s.screenshot(join(SHOTS, 'grid-typed.png'));

  // The grid's totals follow (written by the core); the core's tables agree once saved.
  const undpTotal = '[data-testid="grid-puno-total"][data-puno="UNDP"] strong';
  await s.until('the UNDP total, written', async () => (await text(undpTotal)) === usd(directCents(lines(), 'UNDP')));

  // The grid writes through the core (an await), then saves: wait for what the draft on disk holds.
  const categoriesSaved = (want) => s.until(`categories ${want} on disk`, async () =>
    JSON.stringify(lines().slice(before).map((l) => l.category)) === JSON.stringify(want));

  // Ctrl+D fills the first new line's category down over the other four; Ctrl+Z takes it back, Ctrl+Y again.
  await focusCell(`[data-testid="grid-row"][data-index="${before}"] [data-key="category"]`);
  for (let i = 0; i < 4; i++) await s.chord(KEY.SHIFT, KEY.DOWN);
  await s.chord(KEY.CTRL, 'd');
  await categoriesSaved([1, 1, 1, 1, 1]);
  await s.chord(KEY.CTRL, 'z');
  await categoriesSaved([1, 4, 3, 4, 6]);
  await s.chord(KEY.CTRL, 'y');
  await categoriesSaved([1, 1, 1, 1, 1]);
  await s.chord(KEY.CTRL, 'z');
  await categoriesSaved([1, 4, 3, 4, 6]);

  // Copy: two lines' description and category, as HTML and as tab-separated text.
  await focusCell(`[data-testid="grid-row"][data-index="${before}"] [data-key="description"]`);
  await s.chord(KEY.SHIFT, KEY.DOWN);
  await s.chord(KEY.SHIFT, KEY.RIGHT);
  await s.chord(KEY.CTRL, 'c');
  await s.until('the copy to reach the clipboard', async () => {
    return clipboardAs('text/plain').includes('Venue hire');
  });
  assert.equal(clipboardAs('text/plain').replace(/\r\n/g, '\n'), 'Translators for the consultations\t1\nVenue hire, Ibarra\t4');
  assert.match(clipboardAs("text/html"), /<table[^>]*><thead><tr><th>Description<\/th><th>Category<\/th><\/tr><\/thead>.*<td>Translators for the consultations<\/td><td>1<\/td>.*<\/table>/s);

  // Paste: rows from a spreadsheet land as new lines where the new row is.
  await copy(`<meta charset="utf-8"><table>
    <tr><td>Mentoring sessions</td><td>Staff</td><td>UNDP</td><td>1.2</td><td>Year 2</td><td>session</td><td>10</td><td>1.234,56</td></tr>
    <tr><td>Bus fares for participants</td><td>7</td><td>IOM</td><td>1.1</td><td>1</td><td>trip</td><td>200</td><td>12.50</td></tr>
  </table>`, 'text/html');
  await focusCell('[data-testid="grid-new-row"] [data-key="description"]');
  await s.chord(KEY.CTRL, 'v');
  await s.until('two pasted lines', async () => (await rowCount()) === before + 9);
  await s.saved();
  const pasted = lines().slice(before + 5);
  assert.deepEqual(pasted.map((l) => [l.description, l.category, l.puno, l.year, l.quantity, l.unit_cost]), [
    ['Mentoring sessions', 1, 'UNDP', 2, '10', '1234.56'],
    ['Bus fares for participants', 7, 'IOM', 1, '200', '12.50'],
  ]);

  // A paste with a negative amount changes nothing and says which cell.
  const snapshot = JSON.stringify(lines());
  await copy(`<table><tr><td>Desks</td><td>Furniture</td><td>IOM</td><td>1.1</td><td>1</td><td>lot</td><td>1</td><td>900</td></tr>
    <tr><td>Refund</td><td>1</td><td>IOM</td><td>1.1</td><td>1</td><td>lot</td><td>1</td><td>(1,234.56)</td></tr></table>`, 'text/html');
  await focusCell('[data-testid="grid-new-row"] [data-key="description"]');
  await s.chord(KEY.CTRL, 'v');
  const error = await s.waitFor('[data-testid="grid-error"]');
  assert.match(await error.text(), /Nothing was written: cells that cannot be read: 2/);
  const refused = await Promise.all((await s.findAll('[data-testid="grid-refused-cell"]')).map((e) => e.text()));
  assert.equal(refused.length, 2, refused.join(' | '));
  assert.match(refused[0], /^Pasted row 1 · Category: “Furniture”/);
  assert.match(refused[1], /^Pasted row 2 · Unit cost \(USD\): “\(1,234.56\)” is negative/);
  if (SHOTS) await s.screenshot(join(SHOTS, 'grid-refused.png'));
  await s.saved();
  assert.equal(JSON.stringify(lines()), snapshot, 'nothing changed');

  // Grouped by PUNO: a subtotal after each PUNO's lines; a filter shows one PUNO's lines only.
  await (await s.find('[data-testid="grid-group"]')).select('puno');
  await s.waitFor('[data-testid="grid-subtotal"][data-group="UNDP"]');
  const subtotalCell = '[data-testid="grid-subtotal"][data-group="UNDP"] [aria-colindex="10"]';
  await s.until('the UNDP subtotal, written', async () => /\d\.\d\d$/.test(await text(subtotalCell)));
  assert.equal(await text(subtotalCell), await text(undpTotal));
  if (SHOTS) await s.screenshot(join(SHOTS, 'grid-grouped.png'));
  await (await s.find('[data-testid="grid-group"]')).select('');
  await (await s.find('[data-testid="grid-filter"][data-dimension="puno"]')).select('UN Women');
  const women = lines().filter((l) => l.puno === 'UN Women').length;
  await s.until('only UN Women’s lines', async () => (await rowCount()) === women + 2);
  assert.deepEqual(await violations(s), []);
  await (await s.find('[data-testid="grid-filter"][data-dimension="puno"]')).select('*');
});

test('the workplan and the indicators in the same grid: a quarter switched with Space, a PUNO by its French name, a block of baselines pasted', async () => {
  const rf = () => JSON.parse(cli(data, ['show', draftId()])).results_framework.outcomes;
  const firstActivity = () => rf()[0].outputs[0].activities[0];
  await (await s.find('[data-testid="rail-item"][data-section="annex_workplan"]')).click();
  await (await s.waitFor('[data-testid="workplan-view"][data-view="grid"]')).click();
  await s.waitFor('[data-testid="results-grid"][data-kind="activities"] [data-testid="grid-row"]');
  const had = firstActivity().quarters;
  // The first activity's first quarter column: Space switches it.
  await focusCell('[data-testid="grid-row"][data-index="0"] [data-key="q1"]');
  await s.keys(' ');
  await s.until('the quarter switched on disk', async () => firstActivity().quarters.includes(1) === !had.includes(1));
  await s.chord(KEY.CTRL, 'z');
  await s.until('the quarters back on disk', async () => JSON.stringify(firstActivity().quarters) === JSON.stringify(had));
  // Its PUNO typed as the French interface would name it.
  await focusCell('[data-testid="grid-row"][data-index="0"] [data-key="puno"]');
  await s.keys('ONU Femmes');
  await s.keys(KEY.ENTER);
  await s.until('UN Women on disk', async () => firstActivity().puno === 'UN Women');
  if (SHOTS) await s.screenshot(join(SHOTS, 'grid-workplan.png'));

  await (await s.find('[data-testid="rail-item"][data-section="annex_results_framework"]')).click();
  await (await s.waitFor('[data-testid="results-view"][data-view="grid"]')).click();
  await s.waitFor('[data-testid="results-grid"][data-kind="indicators"] [data-testid="grid-row"]');
  await copy('12 %\t2026\n45\t2025\n', 'text/plain');
  await focusCell('[data-testid="grid-row"][data-index="0"] [data-key="baseline"]');
  await s.chord(KEY.CTRL, 'v');
  await s.until('the pasted baselines on disk', async () => rf()[0].indicators[0].baseline.value === '12 %');
  const outcome = rf()[0];
  const [a, b] = [...outcome.indicators, ...outcome.outputs[0].indicators];
  assert.deepEqual([a.baseline, b.baseline], [{ value: '12 %', year: 2026 }, { value: '45', year: 2025 }]);
  // A year that is no year is refused in words, nothing changed.
  const before = JSON.stringify(rf());
  await focusCell('[data-testid="grid-row"][data-index="0"] [data-key="target_year"]');
  await s.keys('soon');
  await s.keys(KEY.ENTER);
  assert.match(await (await s.waitFor('[data-testid="grid-error"]')).text(), /year such as 2027/);
  await s.keys(KEY.ESCAPE ?? '\uE00C');
  await s.saved();
  assert.equal(JSON.stringify(rf()), before);
  if (SHOTS) await s.screenshot(join(SHOTS, 'grid-indicators.png'));
  assert.deepEqual(await violations(s), []);
});
