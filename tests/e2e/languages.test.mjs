// A French-speaking and a Spanish-speaking user write, check and export a
// proposal without meeting an English word: the interface, the Fund's
// guidance, the readiness problems and the exported PDF follow the language.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Session, newDataDir } from './lib/webdriver.mjs';

let s;
after(async () => { await s?.quit(); });

// Words that would give away an English string left in the interface.
const ENGLISH = /(?<!\p{L})(the|and|is|are|with|your|this|save|saved|export|draft|drafts|required|comments|history|readiness|needs|written|yet|add|choose|open|trash|line|lines|review)(?!\p{L})/iu;

async function englishOnScreen() {
  const text = await s.exec(`const skip = new Set(['SCRIPT', 'STYLE']);
    const out = [];
    const walk = (n) => { for (const c of n.childNodes) {
      if (c.nodeType === 3) { const v = c.textContent.trim(); if (v) out.push(v); }
      else if (c.nodeType === 1 && !skip.has(c.tagName) && !(c.closest && c.closest('[lang="en"]'))) {
        for (const a of ['aria-label', 'title', 'placeholder']) if (c.getAttribute(a)) out.push(c.getAttribute(a));
        walk(c);
      } } };
    walk(document.body);
    return out;`);
  return text.filter((t) => ENGLISH.test(t) && !/Proposal Studio/.test(t));
}

for (const [lang, words] of [['fr', /Nouveau brouillon vierge/], ['es', /Nuevo borrador en blanco/]]) {
  test(`in ${lang}: the library, the editor, the guidance and the problems show no English`, async () => {
    await s?.quit();
    const picks = join(mkdtempSync(join(tmpdir(), 'ps-lang-')), 'picks.txt');
    s = await Session.start(newDataDir(), { PROPOSAL_STUDIO_TEST_PICKS: picks });
    await (await s.waitFor('[data-testid="ui-language"]')).select(lang);
    await s.until('the interface to switch', async () => words.test(await (await s.find('[data-testid="new-blank"]')).text()));
    await (await s.find('[data-testid="new-blank"]')).click();
    await s.waitFor('[data-testid="cover-title"]');
    // The proposal is written in the same language; its PDF follows.
    await (await s.find('[data-testid="proposal-language"]')).select(lang);
    const screens = ['cover', 'executive_summary', 'principles', 'annex_results_framework', 'annex_budget', 'annex_human_rights_marker', 'annex_gender_marker'];
    for (const section of screens) {
      await (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
      await s.waitFor('#section-heading');
      assert.deepEqual(await englishOnScreen(), [], `${lang} ${section}`);
    }
    await (await s.find('[data-testid="rail-readiness"]')).click();
    await s.waitFor('[data-testid="readiness-problem"]');
    assert.deepEqual(await englishOnScreen(), [], `${lang} readiness`);

    // Export a review copy and read the PDF back.
    const out = mkdtempSync(join(tmpdir(), 'ps-lang-out-'));
    writeFileSync(picks, out);
    await (await s.find('[data-testid="export"]')).click();
    await (await s.waitFor('[data-testid="export-review"]')).click();
    await (await s.find('[data-testid="export-run"]')).click();
    await s.waitFor('[data-testid="export-path"]', 30000);
    const pdf = readdirSync(out).find((f) => f.endsWith('.pdf'));
    const text = execFileSync('pdftotext', [join(out, pdf), '-'], { encoding: 'utf8' });
    assert.match(text, lang === 'fr' ? /Page 2 sur \d+/ : /Página 2 de \d+/);
    assert.doesNotMatch(text, /\bPage 2 of\b|\bContents\b/);
  });
}
