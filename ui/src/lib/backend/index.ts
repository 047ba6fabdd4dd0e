// The one typed door to the Rust side. Nothing else in the UI imports @tauri-apps.
import { invoke } from '@tauri-apps/api/core';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { listen } from '@tauri-apps/api/event';
import { open, save, ask } from '@tauri-apps/plugin-dialog';
import { t } from '../i18n';
import type { Commands } from './bindings/Commands';
import type { ApiError } from './bindings/ApiError';
import type { ErrorCode } from './bindings/ErrorCode';
import type { Template } from './bindings/Template';
import type { DateFormat } from './bindings/DateFormat';
import type { AmountAsked } from './bindings/AmountAsked';
import type { DraftSummary } from './bindings/DraftSummary';
import type { DocumentKind } from './bindings/DocumentKind';
import type { Proposal } from './bindings/Proposal';
import type { Report } from './bindings/Report';
import type { Patch } from './bindings/Patch';
import type { SaveResult } from './bindings/SaveResult';
import type { BudgetSummary } from './bindings/BudgetSummary';
import type { MarkerReport } from './bindings/MarkerReport';
import type { OpenDraft } from './bindings/OpenDraft';
import type { Saved } from './bindings/Saved';
import type { Exported } from './bindings/Exported';
import type { SentReview } from './bindings/SentReview';
import type { Document } from './bindings/Document';

export type {
  Template,
  DraftSummary,
  DocumentKind,
  Proposal,
  Report,
  Patch,
  SaveResult,
  BudgetSummary,
  MarkerReport,
  OpenDraft,
  Saved,
  Exported,
  SentReview,
  Document,
};

/** What every failed command rejects with: one of the core's error codes, and its words. */
export type BackendError = ApiError;
export type { ErrorCode };

/** A rejection as a BackendError; anything that is not one is an internal failure. */
export function asBackendError(e: unknown): BackendError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return { code: (e as BackendError).code, message: String((e as BackendError).message) };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

type Args<K extends keyof Commands> = Commands[K]['args'];

/**
 * Calls command `cmd` with its arguments, typed by the map generated from
 * the Rust commands (bindings/Commands.ts): a wrong name, argument or result
 * type fails the type check.
 */
async function call<K extends keyof Commands>(
  cmd: K,
  ...args: Args<K> extends Record<string, never> ? [] : [Args<K>]
): Promise<Commands[K]['result']> {
  try {
    return (await invoke(cmd, args[0])) as Commands[K]['result'];
  } catch (e) {
    throw asBackendError(e);
  }
}

export type { AppInfo } from './bindings/AppInfo';

export const appInfo = () => call('app_info');
/** Reads a typed date in the interface language's order (or ISO): the `YYYY-MM-DD` to store, or a refusal in words. */
export const readDate = (text: string) => call('read_date', { text });
/** Restores the latest backup of a damaged database; returns where the damaged file was kept. */
export const restoreBackup = () => call('restore_backup');
export const listDrafts = (trashed: boolean) => call('list_drafts', { trashed });
export const createDraft = (source: 'blank' | 'example', kind: DocumentKind, name: string | null) =>
  call('create_draft', { source, kind, name });
export const openDraft = (id: string) => call('open_draft', { id });
export const savePatches = (id: string, patches: Patch[]) => call('save_patches', { id, patches });
export const renameDraft = (id: string, name: string) => call('rename_draft', { id, name });
export const duplicateDraft = (id: string, name: string) => call('duplicate_draft', { id, name });
export const promoteDraft = (id: string) => call('promote_draft', { id });
export const trashDraft = (id: string) => call('trash_draft', { id });
export const restoreDraft = (id: string) => call('restore_draft', { id });
export const purgeDraft = (id: string) => call('purge_draft', { id });
export const importProposalFile = (path: string) => call('import_proposal_file', { path });
export const exportProposalFile = (id: string, path: string) => call('export_proposal_file', { id, path });

export const exportPackage = (id: string, dir: string, reviewCopy: boolean, letter: boolean) =>
  call('export_package', { id, dir, reviewCopy, letter });
export const openExported = (path: string, reveal: boolean) => call('open_exported', { path, reveal });

export async function pickFolder(): Promise<string | null> {
  const picked = await testPick();
  if (picked) return picked;
  const chosen = await open({ multiple: false, directory: true });
  return typeof chosen === 'string' ? chosen : null;
}

/** A file to open with `filters` (or the test's pick): its path, or null when the user cancels. */
async function pickToOpen(filters: { name: string; extensions: string[] }[]): Promise<string | null> {
  const picked = await testPick();
  if (picked) return picked;
  const chosen = await open({ multiple: false, directory: false, filters });
  return typeof chosen === 'string' ? chosen : null;
}

/** Where to save a file, offering `defaultName` (or the test's pick). */
async function pickToSave(defaultName: string, filters: { name: string; extensions: string[] }[]): Promise<string | null> {
  return (await testPick()) ?? (await save({ defaultPath: defaultName, filters })) ?? null;
}

// Filter names are read when a dialog opens, in the interface language.
const proposalFilter = () => [{ name: t('files.proposal'), extensions: ['json'] }];
const proposalOrPackageFilter = () => [{ name: t('files.proposalOrPackage'), extensions: ['json', 'zip'] }];

export const pickProposalFileToOpen = () => pickToOpen(proposalOrPackageFilter());
export const pickProposalFileToSave = (defaultName: string) => pickToSave(defaultName, proposalFilter());

/** A yes/no question in a native dialog. */
export async function askYesNo(message: string, title: string): Promise<boolean> {
  return ask(message, { title, kind: 'warning' });
}

/**
 * Runs `beforeClose` when the user closes the window; the window stays open
 * when it resolves to false. Returns the function that stops listening.
 */
export async function onCloseRequested(beforeClose: () => Promise<boolean>): Promise<() => void> {
  return getCurrentWindow().onCloseRequested(async (event) => {
    if (!(await beforeClose())) event.preventDefault();
  });
}

// ---- versions, reviews and comments ---------------------------------------

import type { VersionInfo } from './bindings/VersionInfo';
import type { Comparison } from './bindings/Comparison';
import type { ReceivedComment } from './bindings/ReceivedComment';
import type { ImportSummary } from './bindings/ImportSummary';
import type { ReviewWork } from './bindings/ReviewWork';
import type { Reviewer } from './bindings/Reviewer';
import type { Anchor } from './bindings/Anchor';
import type { Comment } from './bindings/Comment';

export type { VersionInfo, Comparison, ReceivedComment, ImportSummary, ReviewWork, Reviewer, Anchor, Comment };

/** A draft as the core builds it for reading and printing (the print preview). */
export const draftDocument = (id: string) => call('draft_document', { id });
/** A proposal held in the window (a version, a review's snapshot) as the core builds it for reading. */
export const proposalDocument = (proposal: Proposal) => call('proposal_document', { proposal });
export const listVersions = (id: string) => call('list_versions', { id });
export const saveVersion = (id: string, name: string) => call('save_version', { id, name });
export const viewVersion = (versionId: string) =>
  call('view_version', { versionId });
/** `null` on either side is the draft as it is now. */
export const compareVersions = (id: string, from: string | null, to: string | null) =>
  call('compare_versions', { id, from, to });
export const restoreVersion = (id: string, versionId: string, beforeName: string) =>
  call('restore_version', { id, versionId, beforeName });

export const sendReview = (id: string, path: string, versionName: string) =>
  call('send_review', { id, path, versionName });
export const listComments = (id: string) => call('list_comments', { id });
export const importComments = (id: string, path: string) => call('import_comments', { id, path });
// A received comment is named by its review and its id: ids are unique
// within one review only.
export const replyToComment = (id: string, c: ReceivedComment, text: string) =>
  call('reply_to_comment', { id, reviewId: c.review_id, commentId: c.comment.id, text });
export const resolveComment = (id: string, c: ReceivedComment, resolved: boolean) =>
  call('resolve_comment', { id, reviewId: c.review_id, commentId: c.comment.id, resolved });
export const acceptSuggestion = (id: string, c: ReceivedComment) =>
  call('accept_suggestion', { id, reviewId: c.review_id, commentId: c.comment.id });

export const openReviewFile = (path: string) => call('open_review_file', { path });
export const listReviewWork = () => call('list_review_work');
export const openReviewWork = (reviewId: string) =>
  call('open_review_work', { reviewId });
export const setReviewer = (reviewId: string, reviewer: Reviewer) =>
  call('set_reviewer', { reviewId, reviewer });
export const saveReviewComment = (
  reviewId: string,
  commentId: string | null,
  anchor: Anchor,
  body: string,
  suggestion: string | null,
) => call('save_review_comment', { reviewId, commentId, anchor, body, suggestion });
export const deleteReviewComment = (reviewId: string, commentId: string) =>
  call('delete_review_comment', { reviewId, commentId });
export const removeReviewWork = (reviewId: string) => call('remove_review_work', { reviewId });
export const returnComments = (reviewId: string, path: string) =>
  call('return_comments', { reviewId, path });

/** End-to-end tests answer file dialogs through the app (see test_pick); users never do. */
async function testPick(): Promise<string | null> {
  try {
    return await invoke<string | null>('test_pick');
  } catch {
    return null;
  }
}

const reviewFilter = () => [{ name: t('files.review'), extensions: ['zip'] }];
const commentsFilter = () => [{ name: t('files.comments'), extensions: ['json'] }];

export const pickReviewFileToSave = (defaultName: string) => pickToSave(defaultName, reviewFilter());
export const pickReviewFileToOpen = () => pickToOpen(reviewFilter());
export const pickCommentsFileToSave = (defaultName: string) => pickToSave(defaultName, commentsFilter());
/** A comments file, or a review copy a reviewer annotated in a PDF reader. */
export const pickCommentsFileToOpen = () => pickToOpen([{ name: t('files.commentsOrPdf'), extensions: ['json', 'pdf'] }]);

/** Calls `f` when Proposal Studio is started again on this data folder (it hands over to this window). */
export async function onHandover(f: () => void): Promise<() => void> {
  return listen('handover', () => f());
}

export type { Settings } from './bindings/Settings';
export const getSettings = () => call('get_settings');
/** "" follows the system language again. */
export const setUiLanguage = (language: string) => call('set_ui_language', { language });
export const setDraftLanguage = (id: string, language: string) =>
  call('set_draft_language', { id, language });
/** Tells the core which language the interface uses (readiness problems and marker texts follow it). */
export const useLanguage = (language: string) => call('use_language', { language });

// ---- co-authoring: shares, contributions, merges --------------------------

import type { Assignment } from './bindings/Assignment';
import type { SentShare } from './bindings/SentShare';
import type { ShareSent } from './bindings/ShareSent';
import type { ShareHeader } from './bindings/ShareHeader';
import type { MergedContribution } from './bindings/MergedContribution';
import type { MergePreview } from './bindings/MergePreview';
import type { MergeReport } from './bindings/MergeReport';
import type { Collision } from './bindings/Collision';
import type { Take } from './bindings/Take';
import type { Step } from './bindings/Step';
import type { Authorship } from './bindings/Authorship';

export type {
  Assignment,
  SentShare,
  ShareSent,
  ShareHeader,
  MergedContribution,
  MergePreview,
  MergeReport,
  Collision,
  Take,
  Step,
  Authorship,
};

import type { Settled } from './bindings/Settled';
export type { Settled };

export type { ReceivedShare } from './bindings/ReceivedShare';

/** The rows a PUNO owns by default in the draft as it is now. */
export const shareDefaults = (id: string, puno: string) => call('share_defaults', { id, puno });
/** A narrative field's paragraphs, numbered as a share gives them. */
export const narrativeParagraphs = (id: string, key: string) => call('narrative_paragraphs', { id, key });
export const shareDraft = (id: string, assignment: Assignment, path: string) =>
  call('share_draft', { id, assignment, path });
export const teamWork = (id: string) =>
  call('team_work', { id });
export const openShare = (path: string) => call('open_share', { path });
export const shareReceived = (id: string) => call('share_received', { id });
export const returnContribution = (id: string, path: string, contributor: Reviewer) =>
  call('return_contribution', { id, path, contributor });
export const previewMerge = (id: string, path: string, resolved: Settled[]) =>
  call('preview_merge', { id, path, resolved });
export const applyMerge = (id: string, path: string, resolved: Settled[]) =>
  call('apply_merge', { id, path, resolved });
export const listAuthorship = (id: string) => call('list_authorship', { id });

const shareFilter = () => [{ name: t('files.share'), extensions: ['zip'] }];
const contributionFilter = () => [{ name: t('files.contribution'), extensions: ['json'] }];

export const pickShareFileToSave = (defaultName: string) => pickToSave(defaultName, shareFilter());
export const pickShareFileToOpen = () => pickToOpen(shareFilter());
export const pickContributionFileToSave = (defaultName: string) => pickToSave(defaultName, contributionFilter());
export const pickContributionFileToOpen = () => pickToOpen(contributionFilter());

/** A PUNO's comments on parts of its shared draft not given to it, saved as typed. */
export const saveShareComment = (id: string, commentId: string | null, anchor: Anchor, body: string) =>
  call('save_share_comment', { id, commentId, anchor, body });
export const deleteShareComment = (id: string, commentId: string) =>
  call('delete_share_comment', { id, commentId });
export const listShareComments = (id: string) => call('list_share_comments', { id });

// ---- budget lines from a spreadsheet ---------------------------------------

import type { BudgetImport } from './bindings/BudgetImport';
import type { CellRead } from './bindings/CellRead';
import type { Column } from './bindings/Column';
import type { SheetTable } from './bindings/SheetTable';
import type { TableLayout } from './bindings/TableLayout';
import type { WorkbookTables } from './bindings/WorkbookTables';
export type { BudgetImport, CellRead, Column, SheetTable, TableLayout, WorkbookTables };

/**
 * Rows of a table (pasted from a spreadsheet, or a file's sheet) read as
 * budget lines, with the layout the user corrected (guessed when null) and
 * the file's name; `dryRun` only reports.
 */
export const budgetPaste = (
  id: string,
  rows: string[][],
  puno: string | null,
  dryRun: boolean,
  layout: TableLayout | null = null,
  name: string | null = null,
) => call('budget_paste', { id, rows, layout, name, puno, dryRun });
/** Cells typed or pasted over the budget grid, each read by the core for its column; nothing changes. */
export const budgetCells = (id: string, cells: [Column, string][]) => call('budget_cells', { id, cells });
/** Budget lines' figures ([quantity, unit cost] each) as the core reads them, with each line's total. */
export const lineFigures = (lines: [string, string][]) => call('line_figures', { lines });
export const shownAmounts = (language: string, amounts: AmountAsked[]) => call('shown_amounts', { language, amounts });
/** A workbook's or CSV file's sheets, each with its guessed header row and columns, and the one read by default. */
export const budgetSheets = (path: string) => call('budget_sheets', { path });
/** What each of `width` columns holds, as the words of a header row tell. */
export const budgetColumns = (header: string[], width: number) => call('budget_columns', { header, width });
/** Tab-separated text from the clipboard as rows of cells (quoted cells kept whole). */
export const readPasted = (text: string) => call('read_pasted', { text });

const workbookFilter = () => [{ name: t('files.workbook'), extensions: ['xlsx', 'xls', 'ods', 'csv'] }];
export const pickWorkbookToOpen = () => pickToOpen(workbookFilter());

// ---- Markdown ----------------------------------------------------------------

import type { MdBlock } from './bindings/MdBlock';
export type { MdBlock };
/** Markdown texts read into blocks by the core's one reader. */
export const markdownBlocks = (texts: string[]) => call('markdown_blocks', { texts });
