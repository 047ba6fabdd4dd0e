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
