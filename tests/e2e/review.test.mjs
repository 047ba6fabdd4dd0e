// The review round trip, end to end, with two app instances on separate data
// folders running at once: the author sends a review file; the reviewer opens
// it, comments on a field (suggesting a text), a budget line and a marker
// criterion, and returns a comments file; the author imports it, accepts the
// suggestion and resolves the rest; importing again changes nothing.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Session, newDataDir, cli } from './lib/webdriver.mjs';

const files = mkdtempSync(join(tmpdir(), 'ps-review-files-'));
const picksA = join(files, 'author-picks.txt');
const picksB = join(files, 'reviewer-picks.txt');
const reviewFile = join(files, 'ecuador.review.zip');
const commentsFile = join(files, 'ana.comments.json');
const NEW_TITLE = 'Decent work and cohesion in Imbabura and Sucumbíos';

let author;
let reviewer;
const authorData = newDataDir();
after(async () => {
  await reviewer?.quit();
  await author?.quit();
});

async function comment(s, targetCss, text) {
  await (await s.waitFor(`${targetCss} [data-testid="comment-on"]`)).click();
  const box = await s.waitFor('[data-testid="comment-text"]');
  await box.type(text);
  await s.until('the comment to be saved', async () =>
    (await (await s.find('[data-testid="comment-save-state"]')).text()) === 'Saved');
}

test('the author sends the example for review as one file', async () => {
  author = await Session.start(authorData, { PROPOSAL_STUDIO_TEST_PICKS: picksA });
  await (await author.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await author.waitFor('[data-testid="cover-title"]');
  await (await author.find('[data-testid="open-comments"]')).click();
  await author.waitFor('[data-testid="comments-panel"]');
  writeFileSync(picksA, reviewFile);
  await (await author.find('[data-testid="send-review"]')).click();
  await author.until('the review file to be written', async () =>
    /Review file saved/.test(await (await author.find('[data-testid="comments-notice"]')).text()));
  assert.ok(existsSync(reviewFile));
  // Sending took a version of the draft.
  const id = JSON.parse(cli(authorData, ['list', '--json']))[0].id;
  assert.match(cli(authorData, ['versions', id]), /Review\s+Sent for review/);
});

test('a reviewer, in a second instance, comments on three kinds of target and returns a comments file', async () => {
  reviewer = await Session.start(newDataDir(), { PROPOSAL_STUDIO_TEST_PICKS: picksB });
  // A review file cut short in copying is refused in words, and nothing is added.
  const { readFileSync } = await import('node:fs');
  const cut = join(files, 'cut.review.zip');
  const whole = readFileSync(reviewFile);
  writeFileSync(cut, whole.subarray(0, whole.length >> 1));
  writeFileSync(picksB, cut);
  await (await reviewer.waitFor('[data-testid="open-review-file"]')).click();
  assert.match(await (await reviewer.waitFor('[data-testid="error-banner"]')).text(), /not a Proposal Studio review file/);
  assert.equal((await reviewer.findAll('[data-testid="tab-reviews"]')).length, 0);
  await (await reviewer.find('[data-testid="error-banner"] button')).click();

  writeFileSync(picksB, reviewFile);
  await (await reviewer.waitFor('[data-testid="open-review-file"]')).click();
  await reviewer.waitFor('[data-testid="reviewer-view"]');
  // Read-only: the reviewer sees no editable proposal fields.
  assert.equal((await reviewer.findAll('[data-testid="cover-title"]')).length, 0);
  await (await reviewer.find('[data-testid="reviewer-name"]')).type('Ana Torres');
  await (await reviewer.find('[data-testid="reviewer-organization"]')).type('Ministry of Labour');

  // A field, with a suggested replacement text.
  await comment(reviewer, '[data-testid="view-field"][data-path="/cover/title"]', 'Shorter, and name both provinces.');
  await (await reviewer.find('[data-testid="offer-suggestion"]')).click();
  const suggestion = await reviewer.waitFor('[data-testid="suggestion-text"]');
  await suggestion.clear();
  await suggestion.type(NEW_TITLE);
  await reviewer.until('the suggestion to be saved', async () =>
    (await (await reviewer.find('[data-testid="comment-save-state"]')).text()) === 'Saved');
  // A budget line and a marker criterion.
  await comment(reviewer, '[data-testid="view-budget-line"]', 'Is this unit cost realistic for the provinces?');
  await comment(reviewer, '[data-testid="view-criterion"][data-criterion="rights_analysis"]', 'Name the ministry as duty-bearer.');
  await (await reviewer.find('[data-testid="comment-done"]')).click();
  assert.equal((await reviewer.findAll('[data-testid="my-comment"]')).length, 3);

  if (process.env.SHOTS) await reviewer.screenshot(join(process.env.SHOTS, 'reviewer.png'));
  writeFileSync(picksB, commentsFile);
  await (await reviewer.find('[data-testid="return-comments"]')).click();
  await reviewer.until('the comments file to be written', async () =>
    /Comments file saved/.test(await (await reviewer.find('[data-testid="reviewer-notice"]')).text()));
  assert.ok(existsSync(commentsFile));
});

test('the author imports the comments, accepts the suggestion, resolves the rest; a second import is a no-op', async () => {
  writeFileSync(picksA, commentsFile);
  await (await author.find('[data-testid="import-comments"]')).click();
  await author.until('the import to be reported', async () =>
    /3 new comments from Ana Torres \(Ministry of Labour\)/.test(await (await author.find('[data-testid="comments-notice"]')).text()));
  // The notice can come a moment before the list is read again: wait for the list.
  await author.until('the three comments to be listed', async () =>
    (await author.findAll('[data-testid="comment"]')).length === 3);
  const cards = await author.findAll('[data-testid="comment"]');
  assert.equal(cards.length, 3);
  const labels = await Promise.all(cards.map(async (c) => (await c.find('[data-testid="comment-target"]')).text()));
  assert.ok(labels.some((l) => /Joint Programme title/.test(l)), labels.join(' | '));
  assert.ok(labels.some((l) => /Budget line/.test(l)), labels.join(' | '));

  if (process.env.SHOTS) await author.screenshot(join(process.env.SHOTS, 'author-comments.png'));
  // Accept the suggestion: the title field now holds the suggested text.
  await (await author.find('[data-testid="comment-accept"]')).click();
  await author.until('the title to change', async () =>
    (await (await author.find('[data-testid="cover-title"]')).prop('value')) === NEW_TITLE);
  // Resolve the other two.
  for (let i = 0; i < 2; i++) {
    await (await author.waitFor('[data-testid="comment"][data-status="open"] [data-testid="comment-resolve"]')).click();
    await author.until('the comment to leave the open list', async () =>
      (await author.findAll('[data-testid="comment"][data-status="open"]')).length === 1 - i);
  }
  assert.match(await (await author.find('[data-testid="open-comments"]')).text(), /^Comments$/);

  // The same file again adds nothing.
  writeFileSync(picksA, commentsFile);
  await (await author.find('[data-testid="import-comments"]')).click();
  await author.until('the second import to be reported', async () =>
    /Nothing new from Ana Torres/.test(await (await author.find('[data-testid="comments-notice"]')).text()));
  await (await author.find('[data-testid="comments-show-all"]')).click();
  const all = await author.findAll('[data-testid="comment"]');
  assert.equal(all.length, 3);
  const states = await Promise.all(all.map((c) => c.attr('data-status')));
  assert.deepEqual(states.sort(), ['accepted', 'resolved', 'resolved']);
});

test('a file for another proposal, and a damaged file, are refused with the draft unchanged', async () => {
  // A tampered comments file: one character changed.
  const { readFileSync } = await import('node:fs');
  const tampered = join(files, 'tampered.comments.json');
  writeFileSync(tampered, readFileSync(commentsFile, 'utf8').replace('realistic', 'unrealistic'));
  writeFileSync(picksA, tampered);
  await (await author.find('[data-testid="import-comments"]')).click();
  const banner = await author.waitFor('[data-testid="error-banner"]');
  assert.match(await banner.text(), /changed after the reviewer saved it/);
  assert.equal((await author.findAll('[data-testid="comment"]')).length, 3);
});
