// What the results framework, the budget, the partners and the markers can
// say, in the real app on the example proposal: an outcome's assumptions, an
// "Other" disaggregation named in words, a budget line counted in part for
// gender equality (and the Gender Marker showing how), a government partner's
// level, and PUNOs named in the interface language.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir, cli, budgetAsForm } from './lib/webdriver.mjs';

const sessions = [];
after(async () => { for (const s of sessions) await s.quit(); });

async function start(data) {
  const s = await Session.start(data, {}, { width: 1280, height: 720 });
  sessions.push(s);
  return s;
}

const go = async (s, section) => (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
const stored = (data) => {
  const [draft] = JSON.parse(cli(data, ['list', '--json']));
  return JSON.parse(cli(data, ['show', draft.id]));
};

test('assumptions, a named "Other", a partner\'s level and a partial gender share reach the saved draft', async () => {
  const data = newDataDir();
  const s = await start(data);
  try {
    await (await s.waitFor('[data-testid="draft-open"]')).click();
    await s.waitFor('[data-testid="cover-title"]');

    // Cover: a PUNO is named beside its code; government partners have a level.
    const names = await Promise.all((await s.findAll('[data-testid="puno-name"]')).map((e) => e.text()));
    assert.ok(names.some((n) => /^IOM · International Organization for Migration/.test(n)), names.join(' | '));
    const levels = await s.findAll('[data-testid="partner-level"]');
    assert.equal(levels.length, 6, 'the six government partners each show a level');
    assert.equal(await levels[0].prop('value'), 'national');
    const widths = await s.exec(`return ['partner-name', 'partner-kind', 'partner-level', 'partner-role']
      .map((id) => Math.round(document.querySelector('[data-testid="' + id + '"]').getBoundingClientRect().width));`);
    assert.ok(widths[0] >= 400 && widths[1] >= 180 && widths[2] >= 180 && widths[3] >= 400, `partner fields fit: ${widths}`);
    await (await s.findAll('[data-testid="partner-kind"]'))[0].select('civil_society');
    await s.until('the level to go with the government kind', async () => (await s.findAll('[data-testid="partner-level"]')).length === 5);
    await (await s.findAll('[data-testid="partner-kind"]'))[0].select('government');
    await s.until('a level to be asked for again', async () => (await s.findAll('[data-testid="partner-level"]')).length === 6);
    await (await s.findAll('[data-testid="partner-level"]'))[0].select('local');
    await s.saved();

    // Results framework: an outcome's assumptions and an "Other" named in words.
    await go(s, 'annex_results_framework');
    const assumptions = await s.waitFor('[data-testid="outcome-assumptions"]');
    assert.match(await assumptions.prop('value'), /^Provincial and municipal authorities/);
    await assumptions.clear();
    await assumptions.type('The two provincial governments stay committed.');
    const indicator = (await s.findAll('[data-testid="indicator"]'))[0];
    if ((await (await indicator.find('[data-testid="toggle-indicator"]')).attr('aria-expanded')) !== 'true') {
      await (await indicator.find('[data-testid="toggle-indicator"]')).click();
    }
    const labels = await Promise.all((await indicator.findAll('[data-testid="indicator-disaggregation"]')).map((c) => c.attr('data-id')));
    assert.deepEqual(labels, ['sex', 'age', 'migration_status', 'disability', 'ethnicity', 'location', 'institution', 'other']);
    assert.equal((await indicator.findAll('[data-testid="indicator-disaggregation-other"]')).length, 0, 'no text box until "Other" is ticked');
    await (await indicator.find('[data-testid="indicator-disaggregation"][data-id="other"]')).click();
    const other = await s.until('the "Other" text box', async () => (await indicator.findAll('[data-testid="indicator-disaggregation-other"]'))[0]);
    await other.type('Indigenous nationality');
    await s.saved();

    // Budget: a share of 0 to 100 %, refused in words otherwise and not saved.
    await go(s, 'annex_budget');
    await budgetAsForm(s);
    const share = await s.waitFor('[data-testid="line-gender-share"]');
    assert.equal(await share.prop('value'), '0');
    await share.clear();
    await share.type('140');
    await s.waitFor('[data-testid="share-error"]');
    // Typed key by key, "1" and "14" are shares a slow machine may save on
    // the way; 140 is never saved.
    await s.saved();
    const kept = stored(data).budget.lines[0].gender_share;
    assert.ok([0, 1, 14].includes(kept), `an impossible share is not saved (${kept})`);
    await share.clear();
    await share.type('25');
    await s.until('the hint to go', async () => (await s.findAll('[data-testid="share-error"]')).length === 0);
    await s.saved();

    const p = stored(data);
    assert.equal(p.cover.partners[0].kind, 'government');
    assert.equal(p.cover.partners[0].level, 'local');
    assert.equal(p.results_framework.outcomes[0].assumptions, 'The two provincial governments stay committed.');
    const ind = p.results_framework.outcomes[0].indicators[0];
    assert.ok(ind.disaggregation.includes('other'));
    assert.equal(ind.disaggregation_other, 'Indigenous nationality');
    assert.equal(p.budget.lines[0].gender_share, 25);

    // Gender Marker: the share and how it was reached, line by line.
    await go(s, 'annex_gender_marker');
    const row = await s.waitFor(`[data-testid="gewe-line"][data-id="${p.budget.lines[0].id}"]`);
    const rowCells = async () => Promise.all((await row.findAll('th, td')).map((c) => c.text()));
    await s.until('the line\'s amounts, written', async () => (await rowCells())[2] === '58,500.00');
    const cells = await rowCells();
    assert.deepEqual(cells.slice(1), ['IOM', '58,500.00', '25%', '14,625.00'], 'PUNO, total, share and the part counted');
    assert.match(cells[0], /^Line 1 · Programme coordinator/);
    const geweShare = await s.find('[data-testid="gewe-share"]');
    await s.until('the share, written', async () => !(await geweShare.text()).includes('…'));
    const summary = await geweShare.text();
    assert.match(summary, /Counted for gender equality: USD [\d,]+\.\d\d of USD 2,240,000\.00 in direct costs, \d+\.\d%\./, summary);
  } finally {
    await s.quit();
  }
});

test('in French, PUNOs go by their French names', async () => {
  const s = await start(newDataDir());
  try {
    await (await s.waitFor('[data-testid="ui-language"]')).select('fr');
    await s.until('the interface to switch', async () => /Nouveau brouillon vierge/.test(await (await s.find('[data-testid="new-blank"]')).text()));
    await (await s.waitFor('[data-testid="draft-open"]')).click();
    await s.waitFor('[data-testid="cover-title"]');
    const names = await Promise.all((await s.findAll('[data-testid="puno-name"]')).map((e) => e.text()));
    assert.ok(names.some((n) => n.startsWith('ONU Femmes · ')), names.join(' | '));
    await go(s, 'annex_budget');
    await budgetAsForm(s);
    const options = await s.exec(`return [...document.querySelector('[data-testid="line-puno"]').options].map((o) => o.value + '=' + o.textContent.trim());`);
    assert.ok(options.includes('IOM=OIM') && options.includes('UNDP=PNUD') && options.includes('UN Women=ONU Femmes'), options.join(' | '));
    const headers = await (await s.find('[data-testid="budget-summary"] thead')).text();
    assert.match(headers, /OIM/);
    assert.match(headers, /ONU Femmes/);
  } finally {
    await s.quit();
  }
});
