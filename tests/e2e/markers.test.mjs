// Markers, end to end: grade A from answers in the UI, and the grade and its
// explanation change when two criteria are lowered.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir, cli } from './lib/webdriver.mjs';

let s;
after(async () => { await s?.quit(); });

const gradeText = async () => (await (await s.find('[data-testid="hr-grade"]')).text()).trim();

async function setLevel(criterion, level) {
  const radio = await s.find(`[data-testid="hr-criterion"][data-id="${criterion}"] [data-testid="hr-level"][data-level="${level}"]`);
  await radio.click();
  await s.until(`${criterion} set to ${level}`, () => radio.prop('checked'));
}

test('answering every criterion fully gives A; lowering two changes grade and explanation', async () => {
  const data = newDataDir();
  s = await Session.start(data);
  // Start from the example so there is evidence to link, then clear nothing: answer anew.
  await (await s.find('[data-testid="new-blank"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  await (await s.find('[data-testid="rail-item"][data-section="annex_human_rights_marker"]')).click();
  await s.waitFor('[data-testid="hr-criterion"]');
  assert.equal(await gradeText(), '–', 'no grade before any answer');

  // A narrative text to point at as evidence.
  const criteria = await s.findAll('[data-testid="hr-criterion"]');
  const ids = await Promise.all(criteria.map((c) => c.attr('data-id')));
  assert.equal(ids.length, 8);
  for (const id of ids) {
    await setLevel(id, 'fully');
    const just = await s.find(`[data-testid="hr-criterion"][data-id="${id}"] [data-testid="hr-justification"]`);
    await just.type(`Shown in the proposal for ${id}.`);
    // As a person would, finish one criterion (it is saved) before the next.
    await s.saved();
  }
  await s.saved();
  await s.until('grade A', async () => (await gradeText()) === 'A');

  // Evidence: link one section to the first criterion.
  await (await s.find('[data-testid="rail-item"][data-section="context"]')).click();
  await (await s.waitFor('[data-testid="narrative"][data-key="context.rights_holders"]')).type('Migrant women and youth.');
  await s.saved();
  await (await s.find('[data-testid="rail-item"][data-section="annex_human_rights_marker"]')).click();
  const add = await s.waitFor(`[data-testid="hr-criterion"][data-id="${ids[0]}"] [data-testid="hr-evidence-add"]`);
  await add.select('/narrative/context.rights_holders');
  assert.equal((await s.findAll('[data-testid="hr-evidence"]')).length, 0, 'choosing in the list links nothing yet');
  await (await s.find(`[data-testid="hr-criterion"][data-id="${ids[0]}"] [data-testid="hr-evidence-link"]`)).click();
  await s.until('an evidence chip', async () => (await s.findAll('[data-testid="hr-evidence"]')).length === 1);
  const chip = await s.find('[data-testid="hr-evidence"]');
  assert.match(await chip.text(), /Rights-holders/);

  // Lower two criteria to "not addressed": two are too many for B.
  await setLevel(ids[1], 'not');
  await setLevel(ids[2], 'not');
  await s.saved();
  await s.until('grade C', async () => (await gradeText()) === 'C');
  const raise = await (await s.find('[data-testid="hr-to-raise"]')).text();
  assert.match(raise, /To reach B: leave at most 1 criterion ‘not addressed’ \(now 2\)/);

  // Raise one back to partially: B, with what would reach A.
  await setLevel(ids[2], 'partially');
  await s.saved();
  await s.until('grade B', async () => (await gradeText()) === 'B');
  assert.match(await (await s.find('[data-testid="hr-to-raise"]')).text(), /To reach A: address the criterion now ‘not addressed’/);

  // The CLI reads the same grade from the same database.
  const listed = JSON.parse(cli(data, ['list', '--json']));
  assert.ok(listed.some((d) => d.human_rights_grade === 'B'));
});
