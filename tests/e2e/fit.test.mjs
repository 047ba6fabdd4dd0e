// Fit and finish on the laptops our users have (1024 x 700 and 1280 x 720):
// the header stays in view after every problem link, a blank draft is not
// covered in red, the save state never moves the buttons, a draft takes its
// name from its short title, and dates are typed as the interface language
// writes them.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Session, newDataDir, budgetAsForm } from './lib/webdriver.mjs';

const sessions = [];
after(async () => { for (const s of sessions) await s.quit(); });

async function start(size) {
  const s = await Session.start(newDataDir(), {}, size);
  sessions.push(s);
  return s;
}

/** Where things are: the header's top, the document's scroll, and the focused element's box. */
const layout = (s) => s.exec(`
  const bar = document.querySelector('.bar').getBoundingClientRect();
  const a = document.activeElement; const r = a.getBoundingClientRect();
  const pane = document.querySelector('.pane')?.getBoundingClientRect();
  return { barTop: bar.top, barBottom: bar.bottom, scrollY: window.scrollY, docHeight: document.documentElement.scrollHeight,
    inner: innerHeight, focus: { tag: a.tagName, path: a.closest('[data-path]')?.dataset.path ?? a.id, top: r.top, bottom: r.bottom, height: r.height },
    paneTop: pane?.top ?? 0 };`);

/** Controls wider than the window, or narrower than `min` px. */
const misfits = (s, min) => s.exec(`
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), select, textarea, button')) {
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    const name = (el.dataset.testid ?? el.tagName) + ':' + Math.round(r.width);
    if (r.right > innerWidth + 0.5) out.push('past the right edge ' + name);
    if (el.tagName !== 'BUTTON' && r.width < arguments[0]) out.push('narrow ' + name);
  }
  return out;`, [min]);

async function newBlankDraft(s) {
  await (await s.waitFor('[data-testid="new-blank"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
}

for (const [width, height] of [[1024, 700], [1280, 720]]) {
  test(`${width}x${height}: a blank draft is calm until touched; every problem link keeps the header in view and lands on its field`, async () => {
    const s = await start({ width, height });
    try {
      await newBlankDraft(s);
      assert.equal((await s.findAll('[data-testid="problem"]')).length, 0, 'no problem shown before anything is touched');
      assert.match(await (await s.find('[data-testid="rail-readiness"]')).text(), /\d+ to fix/, 'the readiness count is always there');
      assert.equal(await (await s.find('[data-testid="cover-title"]')).attr('aria-invalid'), 'false');
      assert.deepEqual(await misfits(s, 100), [], 'every cover field fits');

      // Leaving the title empty marks it touched: its problem shows, under it only.
      await (await s.find('[data-testid="cover-title"]')).click();
      await (await s.find('[data-testid="cover-short-title"]')).click();
      await s.waitFor('[data-testid="problem"][data-path="/cover/title"]');
      assert.equal((await s.findAll('[data-testid="problem"]')).length, 1);
      // A partner's name, kind and role have room, at 1024 too (they were 64, 53 and 85 px).
      await (await s.find('[data-testid="add-partner"]')).click();
      const widths = await s.exec(`return ['partner-name', 'partner-kind', 'partner-role']
        .map((id) => document.querySelector('[data-testid="' + id + '"]').getBoundingClientRect().width)`);
      assert.ok(widths[0] >= 200 && widths[1] >= 180 && widths[2] >= 400, `partner fields ${widths}`);
      assert.equal(await (await s.find('[data-testid="partner-role"]')).prop('tagName'), 'TEXTAREA');
      assert.deepEqual(await misfits(s, 100), [], 'every cover field fits with a partner');

      // An outcome with an output and no indicator, for the link that used to land on a heading.
      await (await s.find('[data-testid="rail-item"][data-section="annex_results_framework"]')).click();
      await (await s.waitFor('[data-testid="add-outcome"]')).click();
      // The new outcome's problem lines are kept once the core has assessed it.
      await s.saved();
      await s.until('the new outcome assessed', async () => (await s.findAll('[data-testid="problem-space"]')).length > 0);
      await (await s.waitFor('[data-testid="add-output"]')).click();
      await s.until('the new output', async () => (await s.findAll('[data-testid="output-title"]')).length === 1).catch(async (e) => {
        await s.screenshot(`/tmp/fit-${width}.png`);
        throw e;
      });
      await s.saved();

      await (await s.find('[data-testid="rail-readiness"]')).click();
      const links = await s.findAll('[data-testid="readiness-problem"]');
      assert.ok(links.length > 40, `a blank draft has many problems (${links.length})`);
      assert.equal((await s.findAll('[aria-current="page"]')).length, 1, 'only Readiness is highlighted in the rail');
      const paths = await Promise.all(links.map((l) => l.attr('data-path')));
      assert.ok(paths.some((p) => p.endsWith('/indicators')), 'the output without an indicator is listed');
      for (let i = 0; i < paths.length; i++) {
        if (i > 0) await (await s.find('[data-testid="rail-readiness"]')).click();
        const link = (await s.findAll('[data-testid="readiness-problem"]'))[i];
        await link.click();
        // The focus lands on the field the problem names, or on the nearest part of the page that holds it.
        const at = await s.until(`problem ${paths[i]} to focus its field`, async () => {
          const l = await layout(s);
          return l.focus.path && (paths[i] === l.focus.path || paths[i].startsWith(`${l.focus.path}/`)) ? l : null;
        });
        const where = `${paths[i]} (focus on ${at.focus.tag} ${at.focus.path})`;
        assert.equal(at.barTop, 0, `the header stays at the top after ${where}`);
        assert.equal(at.scrollY, 0, `the window itself never scrolls: ${where}`);
        assert.ok(at.docHeight <= at.inner, `the page is no taller than the window (${at.docHeight} > ${at.inner}): ${where}`);
        assert.notEqual(at.focus.tag, 'H2', `the field is focused, not the section heading: ${where}`);
        assert.ok(at.focus.top >= at.barBottom - 1 && at.focus.top < at.inner, `the focused field is in view: ${where} ${JSON.stringify(at.focus)}`);
        if (paths[i].endsWith('/indicators')) assert.equal(at.focus.path, paths[i], 'the Add indicator button of that output');
      }
      // Having asked for the readiness view, every field shows its problems.
      await (await s.find('[data-testid="rail-item"][data-section="cover"]')).click();
      await s.until('the cover problems to show', async () => (await s.findAll('[data-testid="problem"]')).length > 5);
    } finally {
      await s.quit();
    }
  });
}

test('1024x700: the save state keeps its place; the draft is named by its short title; dates in the interface language', async () => {
  const s = await start({ width: 1024, height: 700 });
  try {
    await newBlankDraft(s);
    const status = await s.find('[data-testid="save-status"]');
    assert.match(await s.exec('return arguments[0].textContent', [status.asArg()]), /^Saved · \d/, 'a draft just opened says when it was last saved');
    // (WebDriver's visible text is empty for a line cut with an ellipsis: read the text itself.)
    const textOf = async (testid) => s.exec('return document.querySelector(arguments[0])?.textContent ?? null', [`[data-testid="${testid}"]`]);
    assert.equal(await textOf('editor-draft-name'), 'Untitled draft');
    const exportButton = await s.find('[data-testid="export"]');
    const x = () => s.exec('return arguments[0].getBoundingClientRect().left', [exportButton.asArg()]);
    const home = await x();
    const seen = new Set();
    const title = await s.find('[data-testid="cover-title"]');
    await title.type('Safe and regular pathways for migrants in the Andean region');
    // Sample the button while the state goes saving -> saved.
    await s.until('the draft to be saved', async () => {
      seen.add(await x());
      return (await status.attr('data-state')) === 'saved';
    });
    seen.add(await x());
    assert.deepEqual([...seen], [home], 'Export did not move as the save state changed');
    await s.until('the draft to go by its title', async () =>
      (await textOf('editor-draft-name')) === 'Safe and regular pathways for migrants in the Andean region');
    await (await s.find('[data-testid="cover-short-title"]')).type('Andes pathways');
    await s.until('the draft to go by its short title', async () =>
      (await textOf('editor-draft-name')) === 'Andes pathways');

    // Dates: ISO is understood, shown as dd/mm/yyyy, and in words; the end date is the core's (the PDF's).
    const start = await s.find('[data-testid="start-date"]');
    assert.equal(await start.attr('placeholder'), 'dd/mm/yyyy');
    await start.type('2025-03-01');
    await (await s.find('[data-testid="duration-months"]')).click();
    await s.until('the start date to be read', async () => (await start.prop('value')) === '01/03/2025');
    // In words, as the core writes them (the PDF's words), once its answer is back.
    await s.until('the start date in words', async () => (await (await s.find('[data-testid="start-date-said"]')).text()) === '1 March 2025');
    await (await s.find('[data-testid="duration-months"]')).type('30');
    await s.until('the end date', async () => (await (await s.find('[data-testid="end-date"]')).text()) === 'Ends on 31 August 2027');
    await s.saved();
    // Day first, as in Ecuador; then an impossible date is refused in words and changes nothing.
    await start.clear();
    await start.type('15/4/2025');
    await (await s.find('[data-testid="duration-months"]')).click();
    await s.until('15 April', async () => (await (await s.find('[data-testid="start-date-said"]')).text()) === '15 April 2025');
    await s.saved();
    await start.clear();
    await start.type('31/04/2025');
    await (await s.find('[data-testid="duration-months"]')).click();
    const refusal = await s.waitFor('[data-testid="start-date-error"]');
    assert.equal(await refusal.text(), 'There is no day 31 in that month: it has 30 days.');
    assert.equal(await start.attr('aria-invalid'), 'true');
    assert.equal(await (await s.find('[data-testid="end-date"]')).text(), 'Ends on 14 October 2027', 'the stored start is still 15 April');

    // The library lists it by its short title too.
    await (await s.find('[data-testid="back-to-library"]')).click();
    await s.until('the library row named by the short title', async () => {
      const names = await Promise.all((await s.findAll('[data-testid="draft-name"]')).map((n) => n.text()));
      return names.includes('Andes pathways');
    });
  } finally {
    await s.quit();
  }
});

test('1024x700: the example\'s budget lines and workplan fit the window', async () => {
  const s = await start({ width: 1024, height: 700 });
  try {
    await (await s.waitFor('[data-testid="draft-open"]')).click();
    await s.waitFor('[data-testid="cover-title"]');
    assert.equal(await s.exec('return !!document.querySelector(".guidance")'), false, 'guidance makes room by itself at 1024');
    await (await s.find('[data-testid="rail-item"][data-section="annex_budget"]')).click();
    await budgetAsForm(s);
    await s.waitFor('[data-testid="line-puno"]');
    const [puno, output] = await s.exec(`const line = document.querySelector('[data-testid="line-puno"]').closest('.grid');
      return ['line-puno', 'line-output'].map((id) => { const r = line.querySelector('[data-testid="' + id + '"]').getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; });`);
    assert.ok(puno.width >= 130, `the PUNO select shows "UN Women" (${puno.width} px)`);
    assert.ok(puno.right <= output.left, 'the PUNO select does not run under the output');
    assert.deepEqual(await misfits(s, 60), [], 'nothing past the right edge on the budget');
    await (await s.find('[data-testid="rail-item"][data-section="annex_workplan"]')).click();
    await s.waitFor('[data-testid="workplan-cell"]');
    const lastRight = await s.exec(`const cells = [...document.querySelectorAll('[data-testid="workplan-cell"]')];
      return Math.max(...cells.map((c) => c.getBoundingClientRect().right));`);
    assert.ok(lastRight <= 1024, `every quarter of the workplan is in view (${lastRight})`);
  } finally {
    await s.quit();
  }
});

for (const [width, height] of [[1024, 700], [1280, 720]]) {
  test(`${width}x${height}: the library's progress, readiness and marker badges keep their words on one line, in three languages`, async () => {
    const s = await start({ width, height });
    try {
      for (const lang of ['en', 'fr', 'es']) {
        await (await s.waitFor('[data-testid="ui-language"]')).select(lang);
        await s.until(`the library in ${lang}`, async () => (await s.exec('return document.documentElement.lang')) === lang);
        await s.waitFor('[data-testid="draft-hr-grade"]');
        const pieces = await s.exec(`return [...document.querySelectorAll('[data-testid="draft-row"] .progress > span')]
          .map((e) => {
            // The text's line boxes (a flex item is one box however its words wrap).
            const range = document.createRange();
            range.selectNodeContents(e);
            const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return { text: e.textContent.trim(), lines: tops.size, right: e.getBoundingClientRect().right };
          })`);
        // The example's row: its progress, "Ready to submit" and both markers.
        assert.ok(pieces.length >= 4, `${lang}: ${JSON.stringify(pieces)}`);
        for (const p of pieces) {
          assert.equal(p.lines, 1, `${lang}: "${p.text}" wraps inside itself`);
          assert.ok(p.right <= width, `${lang}: "${p.text}" runs past the window`);
        }
      }
    } finally {
      await s.quit();
    }
  });
}
