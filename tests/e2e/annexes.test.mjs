// Structured annexes, end to end in the real app: a budget line typed in the
// UI reaches the core, whose exact totals come back into the Fund's tables;
// a figure that is not a number is never sent; the results framework, the
// workplan and the risk matrix save through the core's checks.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir, cli, budgetAsForm } from './lib/webdriver.mjs';

let s;
let dataDir;
after(async () => { await s?.quit(); });

const text = async (css) => (await s.find(css)).text();
const lines = () => s.findAll('[data-testid="budget-line"]');

async function openSection(id, ready) {
  await (await s.find(`[data-testid="rail-item"][data-section="${id}"]`)).click();
  return s.waitFor(ready);
}

/** Problems shown for `prefix` or anything under it (including refused changes). */
async function problemsUnder(prefix) {
  const all = await s.findAll(`[data-testid="problem"][data-path^="${prefix}"]`);
  return Promise.all(all.map((p) => p.text()));
}

async function noRefusedChange() {
  const all = await s.findAll('[data-testid="problem"]');
  const texts = await Promise.all(all.map((p) => p.text()));
  assert.deepEqual(texts.filter((t) => t.includes('Not saved')), [], 'the core refused no change');
}

// The example's budget: direct costs IOM 1,000,000.00, UNDP 700,000.00 and
// UN Women 540,000.00; 7 % indirect support costs on each.
const IOM_BEFORE = '1,070,000.00';
const TOTAL_BEFORE = '2,396,800.00';
// Plus 10 × 1,000.50 = 10,005.00 direct for IOM: 1,010,005.00 × 1.07 = 1,080,705.35,
// and 2,396,800.00 + 10,705.35 = 2,407,505.35 in all.
const IOM_AFTER = '1,080,705.35';
const TOTAL_AFTER = '2,407,505.35';

test('a budget line added in the UI comes back in the core’s totals', async () => {
  dataDir = newDataDir();
  s = await Session.start(dataDir);
  await (await s.find('[data-testid="new-example"]')).click();
  await s.waitFor('[data-testid="cover-title"]');

  await openSection('annex_budget', '[data-testid="budget-view"]');
  await budgetAsForm(s);
  assert.equal((await lines()).length, 43, 'the example has 43 lines');
  const iom = '[data-testid="budget-puno-total"][data-puno="IOM"]';
  // Amounts are written by the core, so each shows once its answer is back.
  await s.until('the IOM total, written', async () => (await text(iom)) === IOM_BEFORE);
  await s.until('the grand total, written', async () => (await text('[data-testid="budget-grand-total"]')).includes(TOTAL_BEFORE));

  await (await s.find('[data-testid="add-budget-line"]')).click();
  await s.until('a 44th line', async () => (await lines()).length === 44);
  const line = (await lines())[43];
  assert.equal(await line.attr('data-index'), '43');
  const field = (id) => line.find(`[data-testid="${id}"]`);

  await (await field('line-description')).type('Data specialist for the mobility profiles');
  await (await field('line-category')).select('1');
  await (await field('line-puno')).select('IOM');
  await (await field('line-output')).select('op11');
  await (await field('line-year')).select('1');
  await (await field('line-unit')).type('month');
  const quantity = await field('line-quantity');
  await quantity.clear();
  await quantity.type('10');
  const unitCost = await field('line-unit-cost');
  await unitCost.clear();
  await unitCost.type('1000.50');
  // The line's own total is the UI's exact preview.
  await s.until('the line total preview', async () => (await (await field('line-total')).text()) === '10,005.00');

  await s.saved();
  await s.until('the IOM total from the core', async () => (await text(iom)) === IOM_AFTER);
  await s.until('the grand total from the core', async () => (await text('[data-testid="budget-grand-total"]')).includes(TOTAL_AFTER));
  await s.until('the UNDP total', async () => (await text('[data-testid="budget-puno-total"][data-puno="UNDP"]')) === '749,000.00');
  await s.until('the UN Women total', async () => (await text('[data-testid="budget-puno-total"][data-puno="UN Women"]')) === '577,800.00');
  assert.deepEqual(await problemsUnder('/budget/lines/43'), [], 'the complete line has no problem');
  await noRefusedChange();

  // A figure that is not a number stays in its field with a hint and is never sent.
  await quantity.clear();
  await quantity.type('abc');
  // The core reads the figure (an await): wait for its answer, not a moment.
  await s.until('the hint under the figure', async () => (await line.findAll('[data-testid="figure-error"]')).length === 1);
  const hint = await line.find('[data-testid="figure-error"]');
  assert.match(await hint.text(), /Use a number like 1250\.50/);
  assert.equal(await quantity.attr('aria-invalid'), 'true');
  assert.equal(await quantity.prop('value'), 'abc');
  await s.until('the line total to say it has none', async () => (await (await field('line-total')).text()) === '—');
  // A queued change turns the save state to "saving" at once, as it is typed.
  assert.equal(await (await s.find('[data-testid="save-status"]')).attr('data-state'), 'saved', 'nothing was queued');
  assert.equal(await text(iom), IOM_AFTER);
  await quantity.clear();
  await quantity.type('10');
  assert.equal(await quantity.attr('aria-invalid'), 'false');
  assert.equal((await line.findAll('[data-testid="figure-error"]')).length, 0);
  await s.saved();
  assert.equal(await text(iom), IOM_AFTER);
  // The CLI reads the same draft from the same database and agrees.
  await (await s.find('[data-testid="rail-item"][data-section="cover"]')).click();
  const total = await s.waitFor('[data-testid="cover-total"]');
  await s.until('the cover total', async () => (await total.text()) === `USD ${TOTAL_AFTER}`);
  await s.until('the cover IOM total', async () => (await text('[data-testid="cover-puno-total"][data-puno="IOM"]')) === `USD ${IOM_AFTER}`);
  const [draft] = JSON.parse(cli(dataDir, ['list', '--json']));
  const report = JSON.parse(cli(dataDir, ['validate', '--draft', draft.id, '--json']));
  assert.equal(report.budget.total, TOTAL_AFTER.replaceAll(',', ''));
  assert.equal(report.budget.by_puno.IOM.total, IOM_AFTER.replaceAll(',', ''));
});

test('an outcome, output and activity added in the results framework are scheduled in the workplan', async () => {
  await openSection('annex_results_framework', '[data-testid="outcome"]');
  assert.equal((await s.findAll('[data-testid="outcome"]')).length, 3, 'the example has three outcomes');
  await (await s.find('[data-testid="add-outcome"]')).click();
  await s.until('a fourth outcome', async () => (await s.findAll('[data-testid="outcome"]')).length === 4);
  const outcome = (await s.findAll('[data-testid="outcome"]'))[3];
  await (await outcome.find('[data-testid="outcome-title"]')).type('Migrants in border towns reach services safely');
  await (await outcome.find('[data-testid="add-output"]')).click();
  const output = await s.until('its first output', async () => (await outcome.findAll('[data-testid="output"]'))[0]);
  await (await output.find('[data-testid="output-title"]')).type('Two one-stop centres open in border towns');
  await (await output.find('[data-testid="add-activity"]')).click();
  const activity = await s.until('its first activity', async () => (await output.findAll('[data-testid="activity"]'))[0]);
  await (await activity.find('[data-testid="activity-title"]')).type('Equip and staff the centres');
  await (await activity.find('[data-testid="activity-puno"]')).select('IOM');
  await (await output.find('[data-testid="add-indicator"]')).click();
  const indicator = await s.until('its first indicator', async () => (await output.findAll('[data-testid="indicator-text"]'))[0]);
  await indicator.type('Number of people served by the centres');
  await s.saved();
  await noRefusedChange();
  const activityId = await activity.attr('data-id');
  assert.match(activityId, /^[A-Za-z0-9_-]{1,64}$/);
  const toggles = await s.findAll('[data-testid="toggle-outcome"]');
  assert.match(await toggles[3].text(), /Outcome 4/);

  // The workplan lists the new activity, not yet scheduled: the core says so.
  await openSection('annex_workplan', '[data-testid="workplan-cell"]');
  const quarters = '/results_framework/outcomes/3/outputs/0/activities/0/quarters';
  // Nobody touched its quarters yet: the problem waits, its line's space kept, until the readiness view is asked for.
  await s.waitFor('[data-testid="problem-space"]');
  assert.equal((await s.findAll(`[data-testid="problem"][data-path="${quarters}"]`)).length, 0, 'no red on an untouched row');
  const cells = await s.findAll(`[data-testid="workplan-cell"][data-activity="${activityId}"]`);
  assert.equal(cells.length, 10, 'a 30-month programme has ten quarters');
  const q2 = await s.find(`[data-testid="workplan-cell"][data-activity="${activityId}"][data-quarter="2"]`);
  assert.equal(await q2.attr('aria-pressed'), 'false');
  assert.equal(await q2.attr('aria-label'), 'Activity 4.1.1, quarter 2');
  await q2.click();
  await s.until('the quarter to be on', async () => (await q2.attr('aria-pressed')) === 'true');
  await s.saved();
  await s.until('the scheduling problem to go', async () =>
    (await s.findAll(`[data-testid="problem"][data-path="${quarters}"]`)).length === 0);
  await noRefusedChange();
});

test('a risk is scored, mapped, deleted and restored with Undo', async () => {
  await openSection('annex_risk_matrix', '[data-testid="risk"]');
  const before = (await s.findAll('[data-testid="risk"]')).length;
  const cell = '[data-testid="heatmap-cell"][data-likelihood="5"][data-impact="4"]';
  const inCell = async () => Number(await (await s.find(cell)).attr('data-count'));
  const empty = await inCell();

  await (await s.find('[data-testid="add-risk"]')).click();
  await s.until('a new risk', async () => (await s.findAll('[data-testid="risk"]')).length === before + 1);
  const risk = (await s.findAll('[data-testid="risk"]'))[before];
  await (await risk.find('[data-testid="risk-description"]')).type('Flooding cuts road access to the centres in the rainy season.');
  await (await risk.find('[data-testid="risk-category"]')).select('contextual');
  await (await risk.find('[data-testid="risk-likelihood"]')).select('5');
  await (await risk.find('[data-testid="risk-impact"]')).select('4');
  await (await risk.find('[data-testid="risk-mitigation"]')).type('Mobile teams and a stock of supplies in each town.');
  await (await risk.find('[data-testid="risk-owner"]')).type('IOM');
  assert.match(await (await risk.find('[data-testid="risk-score"]')).text(), /Score 20 · Very high/);
  assert.equal(await inCell(), empty + 1);
  await s.saved();
  await noRefusedChange();
  assert.deepEqual(await problemsUnder(`/risk_matrix/risks/${before}`), []);

  await (await risk.find('[data-testid="delete-risk"]')).click();
  await s.until('the risk to go', async () => (await s.findAll('[data-testid="risk"]')).length === before);
  assert.equal(await inCell(), empty);
  await (await s.waitFor('[data-testid="undo"]')).click();
  await s.until('the risk to come back', async () => (await s.findAll('[data-testid="risk"]')).length === before + 1);
  const back = (await s.findAll('[data-testid="risk"]'))[before];
  assert.equal(await (await back.find('[data-testid="risk-description"]')).prop('value'),
    'Flooding cuts road access to the centres in the rainy season.');
  assert.equal(await inCell(), empty + 1);
  await s.saved();
  await noRefusedChange();
});

test('an output dragged onto another moves there and everything renumbers', async () => {
  await (await s.find('[data-testid="rail-item"][data-section="annex_results_framework"]')).click();
  const outputIds = async () => {
    const oc = (await s.findAll('[data-testid="outcome"]'))[0];
    return Promise.all((await oc.findAll('[data-testid="output"]')).map((o) => o.attr('data-id')));
  };
  const before = await outputIds();
  assert.ok(before.length >= 3);
  // WebDriver cannot hold a native drag in WebKit, so the page's own drag
  // events are dispatched on the handle and on the drop target.
  await s.exec(`
    const [from, to] = arguments;
    const handle = document.querySelector('[data-testid="output"][data-id="' + from + '"] [data-testid="drag-output"]');
    const target = document.querySelector('[data-testid="output"][data-id="' + to + '"] [data-testid="drag-output"]').parentElement;
    const data = new DataTransfer();
    handle.dispatchEvent(new DragEvent('dragstart', { dataTransfer: data, bubbles: true }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    handle.dispatchEvent(new DragEvent('dragend', { dataTransfer: data, bubbles: true }));`, [before[2], before[0]]);
  await s.until('the third output first', async () => (await outputIds())[0] === before[2]);
  assert.deepEqual(await outputIds(), [before[2], before[0], before[1], ...before.slice(3)]);
  await s.saved();
  const head = await s.find(`[data-testid="output"][data-id="${before[2]}"]`);
  assert.match(await head.text(), /Output 1\.1/);
  // A new output is numbered by the core, after its place in the outcome.
  const oc = (await s.findAll('[data-testid="outcome"]'))[0];
  await (await oc.find('[data-testid="add-output"]')).click();
  const n = before.length + 1;
  await s.until(`the new output numbered 1.${n}`, async () => {
    const outputs = await (await s.findAll('[data-testid="outcome"]'))[0].findAll('[data-testid="output"] h4');
    return outputs.length === n && new RegExp(`Output 1\\.${n}\\b`).test(await outputs[n - 1].text());
  });
  await s.saved();
});
