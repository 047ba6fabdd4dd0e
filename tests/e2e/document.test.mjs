// One document on screen and on paper: for the example in English, French
// and Spanish, the words the app's print preview shows for each anchored
// part (paragraph, row, budget line, criterion, field) are the words poppler
// reads inside that anchor's rectangles in the exported PDF, found through
// the anchor map the PDF carries (extracted with pdfdetach).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session, newDataDir, cli, CLI } from './lib/webdriver.mjs';

/** Letters and digits only, lower-cased: what screen and paper must agree on. */
const letters = (s) => [...s].filter((c) => /[\p{L}\p{N}]/u.test(c)).map((c) => c.toLowerCase());

function isSubsequence(needle, hay) {
  let i = 0;
  for (const c of hay) if (i < needle.length && c === needle[i]) i++;
  return i === needle.length;
}

/** `got` without the first run of `label`'s letters in it. */
function without(got, label) {
  for (let i = 0; label.length && i + label.length <= got.length; i++) {
    if (label.every((c, j) => got[i + j] === c)) return [...got.slice(0, i), ...got.slice(i + label.length)];
  }
  return got;
}

/** The same letters, each at least as often. */
function sameLetters(needle, hay) {
  const count = new Map();
  for (const c of hay) count.set(c, (count.get(c) ?? 0) + 1);
  for (const c of needle) {
    const n = count.get(c) ?? 0;
    if (n === 0) return false;
    count.set(c, n - 1);
  }
  return true;
}

const keyOf = (a) => `${a.kind}|${a.path}|${a.paragraph ?? ''}`;

function textIn(pdf, map, page, rect, layout) {
  // A landscape page is the paper turned: its height is the paper's width.
  const height = (map.turned ?? []).includes(page) ? map.page_size[0] : map.page_size[1];
  return execFileSync('pdftotext', [
    '-r', '72', '-f', String(page), '-l', String(page),
    '-x', String(Math.floor(rect[0])), '-y', String(Math.floor(height - rect[3])),
    '-W', String(Math.ceil(rect[2] - rect[0])), '-H', String(Math.ceil(rect[3] - rect[1])),
    ...(layout ? ['-layout'] : []), pdf, '-',
  ], { encoding: 'utf8' });
}

const data = newDataDir();
const files = mkdtempSync(join(tmpdir(), 'ps-document-'));
const example = JSON.parse(cli(data, ['example']));
const drafts = {};
for (const lang of ['en', 'fr', 'es']) {
  const file = join(files, `example-${lang}.json`);
  writeFileSync(file, JSON.stringify({ ...example, language: lang }));
  drafts[lang] = cli(data, ['import', file]).trim();
}

test('the print preview and the PDF show the same words for every anchored part, in each language', async () => {
  const s = await Session.start(data);
  try {
    for (const [lang, id] of Object.entries(drafts)) {
      // The screen: the print preview of the draft.
      await s.waitFor(`[data-testid="draft-row"][data-id="${id}"] [data-testid="draft-open"]`);
      await (await s.find(`[data-testid="draft-row"][data-id="${id}"] [data-testid="draft-open"]`)).click();
      await s.waitFor('[data-testid="rail-preview"]');
      await (await s.find('[data-testid="rail-preview"]')).click();
      await s.waitFor('[data-testid="document-view"] [data-testid="view-section"][data-section="signatures"]', 30000);
      assert.equal(await s.exec('return document.querySelector(\'[data-testid="document-view"]\').getAttribute("lang")'), lang);
      if (process.env.SHOTS && lang === 'en') {
        // The executive summary in the print preview at a laptop's size, to
        // set beside the same page of the PDF.
        await s.cmd('POST', '/window/rect', { width: 1280, height: 720 });
        await s.exec(`document.querySelector('[data-testid="document-view"] [data-testid="view-section"][data-section="executive_summary"]').scrollIntoView({ block: 'start' })`);
        await s.screenshot(join(process.env.SHOTS, 'preview-executive-summary.png'));
        // The risk matrix's key to its colours, a list drawn as swatches.
        await s.exec(`document.querySelector('[data-testid="document-view"] .doc-legend').scrollIntoView({ block: 'center' })`);
        await s.screenshot(join(process.env.SHOTS, 'preview-risk-key.png'));
      }
      const [screen, tabular] = await s.exec(`
        const out = {};
        const tables = {};
        for (const el of document.querySelectorAll('[data-testid="document-view"] [data-anchor]')) {
          const k = el.getAttribute('data-anchor');
          out[k] = (out[k] ?? '') + ' ' + el.textContent;
          if (el.closest('table') || el.querySelector('table')) tables[k] = true;
        }
        return [out, tables];`);

      // The paper: the same draft exported by the CLI, its map detached.
      const out = join(files, lang);
      const proposal = join(files, `${lang}-draft.json`);
      writeFileSync(proposal, cli(data, ['show', id]));
      execFileSync(CLI, ['export', proposal, '--out', out, '--date', '2027-02-15'],
        { env: { ...process.env, PROPOSAL_STUDIO_DATA_DIR: data } });
      const pdf = join(out, execFileSync('ls', [out], { encoding: 'utf8' }).split('\n').find((f) => f.endsWith('.pdf')));
      execFileSync('pdfdetach', ['-saveall', '-o', out, pdf]);
      const map = JSON.parse(readFileSync(join(out, 'proposal-anchors.json'), 'utf8'));
      assert.equal(map.language, lang);

      // The paper's anchors in order; one anchor may land twice (the cover's two partner lines).
      const paper = new Map();
      // A row that begins a page inside its group repeats the group's label
      // there ("Output 2.1 (continued)"): words on paper that are not its own.
      const repeats = new Map();
      for (const landed of map.anchors) {
        if (!['paragraph', 'row', 'budget_line', 'criterion', 'field'].includes(landed.anchor.kind)) continue;
        const k = keyOf(landed.anchor);
        paper.set(k, [...(paper.get(k) ?? []), ...landed.boxes]);
        if (landed.repeats) repeats.set(k, letters(landed.repeats));
      }
      const checked = {};
      const unordered = [];
      for (const [k, boxes] of paper) {
        assert.ok(k in screen, `${lang}: ${k} is on paper but not on screen`);
        const want = letters(screen[k]);
        const read = (layout) => letters(boxes.map((b) => textIn(pdf, map, b.page, b.rect, layout)).join(' '));
        const fits = (got) => isSubsequence(want, got) && got.length <= want.length + Math.floor(want.length / 20) + 6;
        let got = read(false);
        if (!fits(got)) got = read(true);
        if (!fits(got) && repeats.has(k)) got = without(got, repeats.get(k));
        if (!fits(got)) {
          // A table mixing multi-line and single-line rows reads in order in
          // neither of poppler's modes: the same letters must be there. Any
          // other part must read in order.
          assert.ok(tabular[k], `${lang}: ${k} is no table yet reads out of order\n  screen: ${want.join('')}\n  paper:  ${got.join('')}`);
          assert.ok(sameLetters(want, got) && got.length <= want.length + Math.floor(want.length / 20) + 6,
            `${lang}: ${k}\n  screen: ${want.join('')}\n  paper:  ${got.join('')}`);
          unordered.push(`${k}\n  screen: ${want.join('')}\n  paper:  ${got.join('')}`);
        }
        const kind = k.split('|')[0];
        checked[kind] = (checked[kind] ?? 0) + 1;
      }
      // Most tables still read in order (the example has over 60 rows): only a
      // few with cells that wrap may not.
      assert.ok(unordered.length <= 6, `${lang}: ${unordered.length} anchors read out of order:\n${unordered.join('\n')}`);
      assert.ok(checked.paragraph > 20 && checked.budget_line >= 40 && checked.criterion > 5 && checked.row > 10 && checked.field > 10,
        `${lang}: ${JSON.stringify(checked)}`);
      await (await s.find('[data-testid="back-to-library"]')).click();
      await s.waitFor('[data-testid="draft-row"]');
    }
  } finally {
    await s.quit();
  }
});
