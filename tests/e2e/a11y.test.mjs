// Accessibility: axe-core finds no serious or critical violation on any
// screen of the real app, in light and dark mode, in English and French.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Session, newDataDir, cli } from './lib/webdriver.mjs';
import { violations } from './lib/axe.mjs';

// Each test starts its own app and closes it in `finally`, pass or fail.
let s;

const files = mkdtempSync(join(tmpdir(), 'ps-a11y-'));
const picks = join(files, 'picks.txt');

async function check(screen) {
  const found = await violations(s);
  assert.deepEqual(found, [], `${screen}: ${JSON.stringify(found, null, 1)}`);
}

async function rail(section) {
  await (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
  await s.waitFor('#section-heading');
}

async function everyScreen(label) {
  await s.waitFor('[data-testid="draft-row"]');
  await check(`${label} library`);
  await (await s.find('[data-testid="tab-trash"]')).click();
  await check(`${label} trash`);
  await (await s.find('[data-testid="tab-drafts"]')).click();
  await (await s.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  await check(`${label} cover page`);
  for (const section of ['executive_summary', 'principles', 'partnerships', 'annex_results_framework', 'annex_workplan',
    'annex_risk_matrix', 'annex_budget', 'annex_human_rights_marker', 'annex_gender_marker']) {
    await rail(section);
    await check(`${label} ${section}`);
  }
  await (await s.find('[data-testid="rail-readiness"]')).click();
  await s.waitFor('[data-testid="readiness"]');
  await check(`${label} readiness`);
  await (await s.find('[data-testid="export"]')).click();
  await s.waitFor('[data-testid="export-dialog"]');
  await check(`${label} export dialog`);
  await s.keys('\uE00C'); // Escape closes the dialog
  await (await s.find('[data-testid="open-history"]')).click();
  await s.waitFor('[data-testid="history-panel"]');
  await check(`${label} history`);
  await (await s.find('[data-testid="open-comments"]')).click();
  await s.waitFor('[data-testid="comments-panel"]');
  await check(`${label} comments`);
  await (await s.find('[data-testid="open-team"]')).click();
  await (await s.waitFor('[data-testid="share-puno"]')).select('UNDP');
  await s.until('the rows UNDP owns to show', async () => (await s.findAll('[data-testid="share-row"]')).length > 0);
  await check(`${label} team`);
  await (await s.find('[data-testid="back-to-library"]')).click();
  await s.waitFor('[data-testid="draft-row"]');
}

test('every screen passes axe-core (light mode, English)', async () => {
  s = await Session.start(newDataDir(), { PROPOSAL_STUDIO_TEST_PICKS: picks });
  try {
    await everyScreen('light');
    // Reviewer mode, on a review of the example.
    const author = newDataDir();
    const example = join(files, 'example.json');
    writeFileSync(example, cli(author, ['example']));
    const review = join(files, 'example.review.zip');
    cli(author, ['review', 'export', example, '--out', review]);
    writeFileSync(picks, review);
    await (await s.find('[data-testid="open-review-file"]')).click();
    await s.waitFor('[data-testid="reviewer-view"]');
    await check('reviewer view');
    await (await s.find('[data-testid="view-field"][data-path="/cover/title"] [data-testid="comment-on"]')).click();
    await s.waitFor('[data-testid="comment-composer"]');
    await check('reviewer composing a comment');
    await (await s.find('[data-testid="reviewer-back"]')).click();
    await s.waitFor('[data-testid="tab-reviews"]');
    await (await s.find('[data-testid="tab-reviews"]')).click();
    await check('reviews tab');
  } finally {
    await s.quit();
  }
});

test('every screen passes axe-core in dark mode, in French', async () => {
  s = await Session.start(newDataDir(), { GTK_THEME: 'Adwaita:dark' });
  try {
    const dark = await s.exec('return matchMedia("(prefers-color-scheme: dark)").matches');
    const select = await s.waitFor('[data-testid="ui-language"]');
    await select.select('fr');
    await s.until('the interface to be in French', async () => (await s.exec('return document.documentElement.lang')) === 'fr');
    await everyScreen(dark ? 'dark, French' : 'French (this WebKit does not report dark mode)');
  } finally {
    await s.quit();
  }
});

test('text at 200 % loses no content: nothing runs off the side of the window', async () => {
  s = await Session.start(newDataDir());
  try {
    await s.exec('document.documentElement.style.fontSize = "200%"; return true');
    const overflow = () => s.exec(`const w = window.innerWidth;
      const out = [...document.querySelectorAll('button, input, select, textarea, h1, h2, h3, label, p, dt, dd, li')]
        // A data grid scrolls both ways by design (reflow's exception for data tables): what lies past its edge is reached by scrolling it.
        .filter((el) => !el.closest('[role="grid"]'))
        .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); })
        .map((el) => (el.dataset.testid || el.tagName) + ': ' + (el.textContent || '').trim().slice(0, 40));
      return { scroll: document.scrollingElement.scrollWidth - w, out: out.slice(0, 8) };`);
    const screens = [['library', async () => s.waitFor('[data-testid="draft-row"]')],
      ['cover page', async () => { await (await s.find('[data-testid="draft-open"]')).click(); await s.waitFor('[data-testid="cover-title"]'); }],
      ['budget', async () => rail('annex_budget')],
      ['human rights marker', async () => rail('annex_human_rights_marker')],
      ['readiness', async () => { await (await s.find('[data-testid="rail-readiness"]')).click(); await s.waitFor('[data-testid="readiness"]'); }]];
    for (const [name, open] of screens) {
      await open();
      if (process.env.SHOTS) await s.screenshot(join(process.env.SHOTS, `zoom-${name.replace(/ /g, '-')}.png`));
      const o = await overflow();
      assert.ok(o.scroll <= 1 && o.out.length === 0, `${name} at 200 %: ${JSON.stringify(o)}`);
    }
  } finally {
    await s.quit();
  }
});
