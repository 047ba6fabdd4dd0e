// A counterpart with only a PDF reader: the author sends the example for
// review; the review copy inside the review file comes back annotated the
// way Acrobat writes notes (six kinds, a reply, a note in the margin); the
// author imports the PDF, sees every note on its part, accepts the
// strike-through's new words and resolves the rest; the same PDF again adds
// nothing, and a PDF of another draft is refused with nothing changed.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { Session, newDataDir, cli } from './lib/webdriver.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = process.env.PS_PYTHON ?? join(ROOT, '.venv-tests/bin/python');
const files = mkdtempSync(join(tmpdir(), 'ps-pdf-comments-'));
const picks = join(files, 'picks.txt');
const reviewFile = join(files, 'example.review.zip');
const annotated = join(files, 'example-notes.pdf');
const dataDir = newDataDir();

let s;
after(async () => {
  await s?.quit();
});

const notice = async () => (await s.find('[data-testid="comments-notice"]')).text();
const draftId = () => JSON.parse(cli(dataDir, ['list', '--json']))[0].id;
const listed = () => JSON.parse(cli(dataDir, ['comments', draftId(), '--json']));

test('the author sends the example for review', async () => {
  s = await Session.start(dataDir, { PROPOSAL_STUDIO_TEST_PICKS: picks });
  await (await s.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  await (await s.find('[data-testid="open-comments"]')).click();
  await s.waitFor('[data-testid="comments-panel"]');
  writeFileSync(picks, reviewFile);
  await (await s.find('[data-testid="send-review"]')).click();
  await s.until('the review file to be written', async () => /Review file saved/.test(await notice()));
  assert.ok(existsSync(reviewFile));
});

let expected;
test('the annotated review copy comes back: every note on its part, with its words and its author', async () => {
  expected = JSON.parse(execFileSync(PYTHON, [join(ROOT, 'tests/pdf/review_notes.py'), reviewFile, annotated], { encoding: 'utf8' }));
  writeFileSync(picks, annotated);
  await (await s.find('[data-testid="import-comments"]')).click();
  await s.until('the import to be reported', async () => /8 new comments from Rosa Quispe/.test(await notice()));
  assert.match(await notice(), /1 note lies on no part of the proposal \(a margin, a header\): it is listed with its page/);
  await s.until('the eight comments to be listed', async () => (await s.findAll('[data-testid="comment"]')).length === 8);

  const comments = listed();
  const on = (kind) => comments.filter((c) => c.comment.anchor.kind === kind);
  const highlight = comments.find((c) => c.comment.body === 'Which ministry leads this?');
  assert.deepEqual(highlight.comment.anchor, expected.highlighted);
  assert.ok(highlight.comment.excerpt.length > 10, highlight.comment.excerpt);
  const strike = comments.find((c) => c.comment.suggestion?.includes('The first line, said more simply.'));
  assert.deepEqual(strike.comment.anchor, expected.struck);
  const insert = comments.find((c) => c.comment.suggestion?.includes('Overall,'));
  assert.deepEqual(insert.comment.anchor, expected.inserted);
  const question = comments.find((c) => c.comment.body === 'Please check this unit cost.');
  assert.deepEqual(question.comment.anchor, expected.budget);
  const reply = comments.find((c) => c.comment.body === 'Compare with the 2026 rates.');
  assert.equal(reply.comment.in_reply_to, question.comment.id);
  assert.deepEqual(comments.find((c) => c.comment.body === 'Add the grievance mechanism.').comment.anchor, expected.criterion);
  assert.equal(on('criterion').length, 2, 'the text box and the drawing lie on the criterion');
  assert.equal(on('page').length, 1);
  assert.ok(comments.every((c) => c.reviewer.name === 'Rosa Quispe'));

  // On screen: the marked words, the reply under its note, the note not placed.
  await s.waitFor('[data-testid="comment-excerpt"]');
  const answer = await s.find('[data-testid="comment"][data-reply-to] [data-testid="comment-in-reply-to"]');
  assert.match(await answer.text(), /In reply to Rosa Quispe/);
  assert.match(await (await s.find('[data-testid="comment-not-placed"]')).text(), /Page 3/);
  if (process.env.SHOTS) {
    await s.cmd('POST', '/window/rect', { width: 1280, height: 720 });
    await s.screenshot(join(process.env.SHOTS, 'pdf-comments-panel.png'));
    await s.exec(`document.querySelector('[data-testid="comment"][data-reply-to]').scrollIntoView({ block: 'center' })`);
    await s.screenshot(join(process.env.SHOTS, 'pdf-comments-reply.png'));
    await s.exec(`document.querySelector('[data-testid="comment-not-placed"]').scrollIntoView({ block: 'center' })`);
    await s.screenshot(join(process.env.SHOTS, 'pdf-comments-not-placed.png'));
  }
});

test('the author accepts the new words, resolves the rest, and a second import adds nothing', async () => {
  const strike = listed().find((c) => c.comment.suggestion?.includes('The first line, said more simply.'));
  const card = await s.find(`[data-testid="comment"][data-comment-id="${strike.comment.id}"]`);
  await (await card.find('[data-testid="comment-accept"]')).click();
  // An accepted comment leaves the list of open ones.
  await s.until('the suggestion to be accepted', async () =>
    listed().find((c) => c.comment.id === strike.comment.id).status === 'accepted');
  const shown = JSON.parse(cli(dataDir, ['show', draftId()]));
  assert.ok(JSON.stringify(shown.narrative).includes('The first line, said more simply.'));

  for (;;) {
    const open = await s.findAll('[data-testid="comment"][data-status="open"] [data-testid="comment-resolve"]');
    if (open.length === 0) break;
    await open[0].click();
    await s.until('the comment to leave the open list', async () =>
      (await s.findAll('[data-testid="comment"][data-status="open"]')).length === open.length - 1);
  }
  assert.deepEqual([...new Set(listed().map((c) => c.status))].sort(), ['accepted', 'resolved']);

  const before = cli(dataDir, ['comments', draftId(), '--json']);
  writeFileSync(picks, annotated);
  await (await s.find('[data-testid="import-comments"]')).click();
  await s.until('the second import to be reported', async () => /Nothing new from Rosa Quispe/.test(await notice()));
  assert.equal(cli(dataDir, ['comments', draftId(), '--json']), before);
});

test('a review copy of another draft is refused in words, the draft unchanged', async () => {
  // The same example imported again is another draft, with a review of its own.
  const other = newDataDir();
  const example = join(files, 'example.json');
  writeFileSync(example, cli(other, ['example']));
  const otherReview = join(files, 'other.review.zip');
  cli(other, ['review', 'export', example, '--out', otherReview]);
  const otherNotes = join(files, 'other-notes.pdf');
  execFileSync(PYTHON, [join(ROOT, 'tests/pdf/review_notes.py'), otherReview, otherNotes], { encoding: 'utf8' });
  const before = cli(dataDir, ['comments', draftId(), '--json']);
  writeFileSync(picks, otherNotes);
  await (await s.find('[data-testid="import-comments"]')).click();
  const error = await s.waitFor('[data-testid="error-banner"]');
  await s.until('the refusal to be shown', async () => /another draft or proposal/.test(await error.text()));
  assert.equal(cli(dataDir, ['comments', draftId(), '--json']), before);
});
