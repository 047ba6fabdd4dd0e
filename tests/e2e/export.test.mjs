// Export, end to end: a final export is refused while problems block it, with
// a way to the problems; a review copy is always allowed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir } from './lib/webdriver.mjs';

let s;
after(async () => { await s?.quit(); });

test('the export dialog refuses a final export of an unfinished draft and leads to the problems', async () => {
  s = await Session.start(newDataDir());
  await (await s.find('[data-testid="new-blank"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  await (await s.find('[data-testid="export"]')).click();
  const blocked = await s.waitFor('[data-testid="export-blocked"]');
  assert.match(await blocked.text(), /problems block a final export/);
  assert.equal(await (await s.find('[data-testid="export-run"]')).prop('disabled'), true);

  await (await s.find('[data-testid="export-review"]')).click();
  await s.until('the export button to be enabled for a review copy', async () =>
    (await (await s.find('[data-testid="export-run"]')).prop('disabled')) === false);

  // Back to a final export, then follow the link to the problems.
  await (await s.find('[data-testid="export-dialog"] input[name="kind"]')).click();
  await (await s.waitFor('[data-testid="export-blocked"] button')).click();
  await s.waitFor('[data-testid="readiness"]');
});

test('the example can be exported as a final package', async () => {
  await (await s.find('[data-testid="back-to-library"]')).click();
  await (await s.waitFor('[data-testid="new-example"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  // The cover shows the budget's totals and the markers, never typed twice.
  const coverTotal = await s.find('[data-testid="cover-total"]');
  await s.until('the cover total, written', async () => (await coverTotal.text()) === 'USD 2,396,800.00');
  const iom = await s.find('[data-testid="cover-puno-total"][data-puno="IOM"]');
  await s.until('the IOM total, written', async () => (await iom.text()) === 'USD 1,070,000.00');
  assert.equal(await (await s.find('[data-testid="cover-hr-grade"]')).text(), 'A');
  await (await s.find('[data-testid="rail-item"][data-section="partnerships"]')).click();
  assert.match(await (await s.waitFor('[data-testid="section-partners"]')).text(), /Government\s+Ministry of Foreign Affairs/i);
  await (await s.find('[data-testid="export"]')).click();
  await s.waitFor('[data-testid="export-dialog"]');
  assert.equal((await s.findAll('[data-testid="export-blocked"]')).length, 0);
  assert.equal(await (await s.find('[data-testid="export-run"]')).prop('disabled'), false);
});
