// Writing as a team, end to end, with three app instances on three data
// folders running at once and only files passing between them: the convening
// agency (IOM) shares the example with UNDP and UN Women; UNDP rewrites one
// of its budget lines and adds to the section given to it; UN Women adds to a
// paragraph the author changes too; both return their contributions; the
// author previews each merge, settles the one collision, merges both, and
// History names who changed what. The final export holds all of it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { Session, newDataDir, cli, budgetAsForm } from './lib/webdriver.mjs';
import { violations } from './lib/axe.mjs';

const files = mkdtempSync(join(tmpdir(), 'ps-team-files-'));
const picks = { author: join(files, 'author-picks.txt'), undp: join(files, 'undp-picks.txt'), unw: join(files, 'unw-picks.txt') };
const undpShare = join(files, 'ecuador - UNDP.share.zip');
const unwShare = join(files, 'ecuador - UN Women.share.zip');
const undpFile = join(files, 'undp.contribution.json');
const unwFile = join(files, 'unw.contribution.json');
const data = { author: newDataDir(), undp: newDataDir(), unw: newDataDir() };
const LINE_TEXT = 'Value-chain studies in the four cantons';
const UNDP_WORDS = ' UNDP hosts the labs in municipal buildings.';
const UNW_WORDS = ' Childcare runs in every training cohort.';
const COMMENT = 'Cite the 2025 household survey for Sucumbíos.';
const PARAGRAPH_WORDS = ' (UN Women) ';
const AUTHOR_WORDS = ' Participants chair the lab committees.';

// Set to a folder to keep a screenshot of each step (for looking, not asserting).
const SHOTS = process.env.PROPOSAL_STUDIO_SHOTS;
// With PROPOSAL_STUDIO_SHOTS_SIZE=1024x700, the windows take that size (the tests hold at any laptop size).
const [w, h] = (process.env.PROPOSAL_STUDIO_SHOTS_SIZE ?? '').split('x').map(Number);
const SIZE = w && h ? { width: w, height: h } : {};
const shot = async (s, name) => { if (SHOTS) await s.screenshot(join(SHOTS, `${name}.png`)); };

let undpLine;
let author;
let undp;
let unw;
after(async () => {
  await unw?.quit();
  await undp?.quit();
  await author?.quit();
});

/** Disabled as the page sees it: by its own attribute or by a disabled fieldset around it. */
const disabled = (s, el) => s.exec('return arguments[0].matches(":disabled");', [el.asArg()]);
const narrative = (s, key) => s.waitFor(`[data-testid="narrative"][data-key="${key}"]`);

async function openSection(s, id) {
  await (await s.waitFor(`[data-testid="rail-item"][data-section="${id}"]`)).click();
  await s.waitFor(`[data-testid="rail-item"][data-section="${id}"][aria-current="page"]`);
}

async function openTeam(s) {
  if (!(await s.findAll('[data-testid="team-panel"]')).length) await (await s.find('[data-testid="open-team"]')).click();
  await s.waitFor('[data-testid="team-panel"]');
}

async function share(puno, field, file, paragraph = null) {
  await openTeam(author);
  await (await author.find('[data-testid="share-puno"]')).select(puno);
  await author.until(`the rows ${puno} owns to show`, async () =>
    (await author.findAll('[data-testid="share-row"]')).length > 0);
  await (await author.find(`[data-testid="share-field"][data-key="${field}"]`)).click();
  if (paragraph) {
    // One paragraph of another field: its number as read, from the field's own list.
    await (await author.find(`[data-testid="share-paragraphs"][data-key="${paragraph.key}"]`)).click();
    await (await author.waitFor(`[data-testid="share-paragraph"][data-key="${paragraph.key}"][data-n="${paragraph.n}"]`)).click();
  }
  await shot(author, `share-${puno.replace(' ', '-')}`);
  writeFileSync(picks.author, file);
  await (await author.find('[data-testid="share-write"]')).click();
  await author.until(`the share with ${puno} to be written`, async () =>
    (await author.findAll('[data-testid="share-sent"]')).length > 0);
  assert.ok(existsSync(file));
}

async function contribute(s, pickFile, name, file) {
  await openTeam(s);
  await (await s.find('[data-testid="contributor-name"]')).type(name);
  writeFileSync(pickFile, file);
  await (await s.find('[data-testid="return-contribution"]')).click();
  const written = await s.waitFor('[data-testid="contribution-written"]');
  assert.ok(existsSync(file));
  return written.text();
}

async function importContribution(file) {
  await openTeam(author);
  writeFileSync(picks.author, file);
  await (await author.find('[data-testid="import-contribution"]')).click();
  await author.waitFor('[data-testid="merge-heading"]');
}

test('the convening agency shares the example with two PUNOs, each with what it owns and a section', async () => {
  author = await Session.start(data.author, { PROPOSAL_STUDIO_TEST_PICKS: picks.author }, SIZE);
  await (await author.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await author.waitFor('[data-testid="cover-title"]');
  await share('UNDP', 'strategy.body', undpShare);
  assert.match(await (await author.find('[data-testid="share-sent"]')).text(), /Shared with UNDP: \d+ rows/);
  await share('UN Women', 'participation.body', unwShare, { key: 'context.body', n: 2 });
  const sent = await author.findAll('[data-testid="share-sent-row"]');
  assert.equal(sent.length, 2);
  // The rail says which sections are out, and with whom.
  await author.until('the rail to mark the sections given out', async () => {
    const marks = await author.findAll('[data-testid="rail-item"][data-section="participation"] [data-testid="rail-shared"]');
    return marks.length === 1 && (await marks[0].text()) === 'UN Women';
  });
  assert.equal(await (await author.find('[data-testid="rail-item"][data-section="strategy"] [data-testid="rail-shared"]')).text(), 'UNDP');
  // Each share kept a version as it was sent.
  const id = JSON.parse(cli(data.author, ['list', '--json']))[0].id;
  const versions = cli(data.author, ['versions', id]);
  assert.match(versions, /Shared with UNDP/);
  assert.match(versions, /Shared with UN Women/);
});

test('UNDP, on its own laptop, writes what is given to it and reads the rest', async () => {
  undp = await Session.start(data.undp, { PROPOSAL_STUDIO_TEST_PICKS: picks.undp }, SIZE);
  writeFileSync(picks.undp, undpShare);
  await (await undp.waitFor('[data-testid="open-share-file"]')).click();
  await undp.waitFor('[data-testid="cover-title"]');
  // The cover is the convening agency's: shown, not editable.
  await undp.waitFor('[data-testid="section-locked"]');
  assert.equal(await disabled(undp, await undp.find('[data-testid="cover-title"]')), true);
  // The rail marks what is UNDP's.
  const yours = await undp.findAll('[data-testid="rail-item"] [data-testid="rail-yours"]');
  assert.ok(yours.length >= 2, `sections marked as UNDP's: ${yours.length}`);

  // A section not given to UNDP is read-only.
  await openSection(undp, 'context');
  const context = await narrative(undp, 'context.body');
  assert.equal(await context.attr('aria-readonly'), 'true');
  assert.equal(await context.attr('contenteditable'), 'false');
  await undp.waitFor('[data-testid="field-locked"]');
  // It can say what it would change there: a comment, saved as typed, that travels with its contribution.
  await (await undp.find('[data-testid="field-comment"]')).click();
  const note = await undp.waitFor('[data-testid="share-comment-text"]');
  await note.type(COMMENT);
  await undp.until('the comment to be saved', async () =>
    (await (await undp.find('[data-testid="share-comment-state"]')).attr('data-state')) === 'saved');
  await shot(undp, 'undp-read-only');
  assert.deepEqual(await violations(undp), [], 'a shared draft passes axe-core');

  // The section given to it takes its words, saved as typed.
  await openSection(undp, 'strategy');
  const strategy = await narrative(undp, 'strategy.body');
  assert.equal(await strategy.attr('aria-readonly'), null);
  await strategy.type(UNDP_WORDS);
  await undp.saved();

  // One of its budget lines, rewritten.
  const id = JSON.parse(cli(data.undp, ['list', '--json']))[0].id;
  const proposal = JSON.parse(cli(data.undp, ['show', id]));
  const line = proposal.budget.lines.find((l) => l.puno === 'UNDP');
  undpLine = line.id;
  await openSection(undp, 'annex_budget');
  await undp.waitFor('[data-testid="section-rows-note"]');
  await budgetAsForm(undp);
  // A line of another PUNO is shown, read-only.
  const other = proposal.budget.lines.find((l) => l.puno !== 'UNDP');
  const otherDescription = await undp.waitFor(`[data-testid="budget-line"][data-id="${other.id}"] [data-testid="line-description"]`);
  assert.equal(await disabled(undp, otherDescription), true);
  // A row of another PUNO takes a comment, though not a change.
  await (await undp.find(`[data-testid="budget-line"][data-id="${other.id}"] [data-testid="row-comment"]`)).click();
  await undp.until('a second comment to open', async () => (await undp.findAll('[data-testid="share-comment-text"]')).length === 2);
  await (await undp.find('[data-testid="share-comment-text"]')).type('This line looks high for a quarter.');
  await undp.until('the row comment to be saved', async () =>
    (await (await undp.find('[data-testid="share-comment-state"]')).attr('data-state')) === 'saved');
  assert.equal(await disabled(undp, await undp.find(`[data-testid="budget-line"][data-id="${line.id}"] [data-testid="line-description"]`)), false);
  const description = await undp.waitFor(`[data-testid="budget-line"][data-id="${line.id}"] [data-testid="line-description"]`);
  await description.click();
  await description.clear();
  await description.type(LINE_TEXT);
  await undp.saved();

  await shot(undp, 'undp-budget');
  const summary = await contribute(undp, picks.undp, 'Carlos Mena', undpFile);
  await shot(undp, 'undp-returned');
  assert.match(summary, /Budget lines: 1 changed/);
  assert.match(summary, /Programme strategy/);
});

test('UN Women, on a third laptop, adds to the paragraph given to it', async () => {
  unw = await Session.start(data.unw, { PROPOSAL_STUDIO_TEST_PICKS: picks.unw }, SIZE);
  writeFileSync(picks.unw, unwShare);
  await (await unw.waitFor('[data-testid="open-share-file"]')).click();
  await unw.waitFor('[data-testid="cover-title"]');
  await openSection(unw, 'participation');
  const field = await narrative(unw, 'participation.body');
  await field.type(UNW_WORDS);
  await unw.saved();
  // One paragraph of the context was given to UN Women: it is marked, takes
  // typing, and the rest of the field does not.
  await openSection(unw, 'context');
  await unw.waitFor('[data-testid="field-paragraphs"]');
  const context = await narrative(unw, 'context.body');
  assert.equal(await context.attr('contenteditable'), 'true');
  const mine = await unw.waitFor('[data-testid="paragraph-yours"]');
  assert.match(await mine.text(), /^The Organic Law on Human Mobility/);
  // Its line (a wrapped mark's own box has gaps a click can fall into).
  await (await unw.find('.cm-line:has([data-testid="paragraph-yours"])')).click();
  await unw.keys(PARAGRAPH_WORDS);
  await unw.saved();
  await shot(unw, 'unw-paragraph');
  const heading = await unw.find('.cm-line');
  assert.equal(await heading.text(), '### Migration dynamics');
  await heading.click();
  await unw.keys('Not mine');
  await unw.until('the typing outside to be held back', async () => (await heading.text()) === '### Migration dynamics');
  await unw.saved();
  const id = JSON.parse(cli(data.unw, ['list', '--json']))[0].id;
  const saved = JSON.parse(cli(data.unw, ['show', id])).narrative['context.body'];
  assert.ok(saved.includes(PARAGRAPH_WORDS), saved.slice(0, 400));
  assert.ok(!saved.includes('Not mine'));

  await contribute(unw, picks.unw, 'Lucía Andrade', unwFile);
});

test('the author merges both: a preview first, the one collision settled, then History names who changed what', async () => {
  // Meanwhile the author wrote at the very place UN Women did.
  await (await author.find('[data-testid="open-team"]')).click();
  await openSection(author, 'participation');
  await (await narrative(author, 'participation.body')).type(AUTHOR_WORDS);
  await author.saved();

  // UNDP's contribution: no collision; nothing changes until confirmed.
  await importContribution(undpFile);
  const lines = await (await author.find('[data-testid="merge-lines"]')).text();
  assert.match(lines, /Budget lines: 1 changed/);
  assert.match(await (await author.find('[data-testid="merge-comments"]')).text(), /: 2$/);
  assert.equal((await author.findAll('[data-testid="collision"]')).length, 0);
  const id = JSON.parse(cli(data.author, ['list', '--json']))[0].id;
  assert.doesNotMatch(cli(data.author, ['show', id]), new RegExp(LINE_TEXT));
  await (await author.find('[data-testid="merge-show-changes"]')).click();
  await author.until('the compare view to show the merge', async () =>
    /UNDP/.test(await (await author.waitFor('[data-testid="history-pane-title"]')).text()));
  await shot(author, 'merge-preview');
  await (await author.find('[data-testid="merge-apply"]')).click();
  await author.until('the merge to be done', async () =>
    /merged/.test(await (await author.waitFor('[data-testid="merge-done"]')).text()));
  assert.match(cli(data.author, ['show', id]), new RegExp(LINE_TEXT));

  // UN Women's: the collision is shown side by side and must be settled first.
  await importContribution(unwFile);
  const collisions = await author.findAll('[data-testid="collision"]');
  assert.equal(collisions.length, 1);
  assert.match(await (await author.find('[data-testid="collision-ours"]')).text(), /chair the lab committees/);
  assert.match(await (await author.find('[data-testid="collision-theirs"]')).text(), /Childcare runs/);
  // Only the paragraph that differs is shown, not the whole section.
  assert.match(await (await author.find('[data-testid="collision-context"]')).text(), /\d+ before and 0 after/);
  assert.doesNotMatch(await (await author.find('[data-testid="collision-ours"]')).text(), /In design/);
  assert.equal(await (await author.find('[data-testid="merge-apply"]')).prop('disabled'), true);
  await shot(author, 'merge-collision');
  assert.deepEqual(await violations(author), [], 'the merge review passes axe-core');
  await (await author.find('[data-testid="take-edited"]')).click();
  const edit = await author.waitFor('[data-testid="collision-edit"]');
  await edit.type(UNW_WORDS);
  await (await author.find('[data-testid="merge-apply"]')).click();
  await author.waitFor('[data-testid="merge-done"]');
  const merged = JSON.parse(cli(data.author, ['show', id]));
  assert.match(merged.narrative['participation.body'], /chair the lab committees\. Childcare runs in every training cohort\.$/);
  assert.match(merged.narrative['strategy.body'], /UNDP hosts the labs in municipal buildings\.$/);
  assert.ok(merged.narrative['context.body'].includes(PARAGRAPH_WORDS), 'the paragraph given to UN Women took its words');

  // Both came back: no section is out any more.
  await author.until('the rail marks to go', async () => (await author.findAll('[data-testid="rail-shared"]')).length === 0);

  // UNDP's comment is among the draft's comments, where it belongs.
  await (await author.find('[data-testid="open-comments"]')).click();
  await author.until('UNDP\'s comment to be listed', async () =>
    (await author.findAll('[data-testid="comments-panel"]')).length > 0 &&
    (await (await author.find('[data-testid="comments-panel"]')).text()).includes(COMMENT));

  // Importing the same contribution again changes nothing.
  await importContribution(unwFile);
  await author.waitFor('[data-testid="merge-already"]');

  // History: a version before each merge, and who changed what.
  await (await author.find('[data-testid="open-history"]')).click();
  await author.waitFor('[data-testid="history-panel"]');
  const names = await author.until('both merges among the versions', async () => {
    const all = await Promise.all((await author.findAll('[data-testid="history-version-name"]')).map((e) => e.text()));
    return all.some((n) => /Before merging UNDP/.test(n)) && all.some((n) => /Before merging UN Women/.test(n)) ? all : null;
  });
  assert.ok(names.length >= 2);
  await author.waitFor('[data-testid="history-author"][data-puno="UNDP"]');
  await author.waitFor('[data-testid="history-author"][data-puno="UN Women"]');
  const undpPlaces = await (await author.find('[data-testid="history-author"][data-puno="UNDP"]')).text();
  assert.match(undpPlaces, /UNDP: \d+ places/);
  await (await author.find('[data-testid="history-author"][data-puno="UNDP"] summary')).click();
  await shot(author, 'history-authors');
  // Compared with the version before the first merge, each change says whose it was.
  for (const v of await author.findAll('[data-testid="history-version"]')) {
    if (!/Before merging UNDP/.test(await (await v.find('[data-testid="history-version-name"]')).text())) continue;
    await (await v.find('[data-testid="history-compare-current"]')).click();
    break;
  }
  await author.waitFor(`[data-testid="compare-row"][data-row="${undpLine}"] [data-testid="changed-by"][data-puno="UNDP"]`);
  await author.waitFor('[data-testid="compare-text"][data-key="participation.body"] [data-testid="changed-by"][data-puno="UN Women"]');
  await shot(author, 'compare-authors');

  // The package exported from the merged draft holds everyone's words.
  const proposalFile = join(files, 'merged.json');
  writeFileSync(proposalFile, cli(data.author, ['show', id]));
  const out = join(files, 'package');
  cli(data.author, ['export', proposalFile, '--out', out, '--review-copy']);
  const pdf = readdirSync(out).find((f) => f.endsWith('.pdf'));
  const text = execFileSync('pdftotext', [join(out, pdf), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.match(text, /UNDP hosts the labs in municipal buildings/);
  assert.match(text, /Childcare runs in every training cohort/);
  assert.match(text, /Value-chain studies in the four cantons/);
});
