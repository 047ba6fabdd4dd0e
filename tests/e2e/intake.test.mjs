// Budget lines from a spreadsheet, in the real app: rows put on the real
// clipboard (by xclip, as Excel puts them: an HTML table) and pasted with
// Ctrl+V; a typed table with a bad cell, named and refused whole; an
// agency's CSV file imported for one PUNO. Every figure is checked in the
// saved draft to the cent.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { Session, newDataDir, cli, KEY } from './lib/webdriver.mjs';
import { copy, releaseClipboard } from './lib/system.mjs';

const files = mkdtempSync(join(tmpdir(), 'ps-intake-'));
const picks = join(files, 'picks.txt');
const data = newDataDir();
// Set to a folder to keep a screenshot of the previews (for looking, not asserting).
const SHOTS = process.env.PROPOSAL_STUDIO_SHOTS;
const shot = async (name) => { if (SHOTS) await s.screenshot(join(SHOTS, `${name}.png`)); };
let s;
after(async () => {
  releaseClipboard();
  await s?.quit();
});

const draftId = () => JSON.parse(cli(data, ['list', '--json']))[0].id;
const lines = () => JSON.parse(cli(data, ['show', draftId()])).budget.lines;

test('rows copied from a spreadsheet paste into the budget, read exactly', async () => {
  s = await Session.start(data, { PROPOSAL_STUDIO_TEST_PICKS: picks }, { width: 1280, height: 720 });
  await (await s.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await (await s.waitFor('[data-testid="rail-item"][data-section="annex_budget"]')).click();
  await s.waitFor('[data-testid="budget-intake"]');
  const before = lines().length;

  await (await s.find('[data-testid="intake-paste"]')).click();
  await copy(`<meta charset="utf-8"><table>
    <tr><td>Description</td><td>PUNO</td><td>Category</td><td>Output</td><td>Quantity</td><td>Unit cost</td><td>Total</td></tr>
    <tr><td>Market studies</td><td>PNUD</td><td>3</td><td>1.1</td><td>4</td><td>USD 12,500.00</td><td>50,000.00</td></tr>
    <tr><td>Mentors</td><td>UN Women</td><td>Staff</td><td>1.2</td><td>12</td><td>1 234,50</td><td></td></tr>
    <tr><td>Subtotal</td><td></td><td></td><td></td><td></td><td></td><td>64,814.00</td></tr></table>`, 'text/html', s);
  const box = await s.waitFor('[data-testid="intake-box"]');
  await box.click();
  await s.chord(KEY.CTRL, 'v');
  const summary = await s.waitFor('[data-testid="intake-summary"]');
  assert.match(await summary.text(), /Lines read: 2 · cells to correct: 0 · rows left out: 1/);
  assert.equal((await s.findAll('[data-testid="intake-line"]')).length, 2);
  await shot('intake-paste');
  await (await s.find('[data-testid="intake-add"]')).click();
  await s.waitFor('[data-testid="intake-done"]');
  const after = lines();
  assert.equal(after.length, before + 2);
  const [studies, mentors] = after.slice(-2);
  assert.deepEqual([studies.puno, studies.unit_cost, studies.quantity, studies.category], ['UNDP', '12500.00', '4', 3]);
  assert.deepEqual([mentors.puno, mentors.unit_cost, mentors.category], ['UN Women', '1234.50', 1]);
  // The editor shows them at once, and History kept the budget as it was.
  await s.until('the grid to show the two lines', async () => (await s.exec('return document.querySelector(\'[data-testid="grid"]\').getAttribute("aria-rowcount")')) === String(after.length + 2));
  assert.match(cli(data, ['versions', draftId()]), /Before importing budget lines from pasted rows/);
});

test('plain tab-separated rows with a bad cell name it and add nothing', async () => {
  const before = lines().length;
  await (await s.find('[data-testid="intake-paste"]')).click();
  await copy('Description\tQuantity\tUnit cost\nTraining\t2\t(500)\nTravel\t3\t250\n', 'text/plain', s);
  await (await s.waitFor('[data-testid="intake-box"]')).click();
  await s.chord(KEY.CTRL, 'v');
  const problem = await s.waitFor('[data-testid="intake-problem"][data-column="3"]');
  assert.equal(await problem.attr('data-row'), '2');
  assert.match(await problem.text(), /negative/);
  await shot('intake-problems');
  // No PUNO column, no PUNO chosen: each line says so too; choosing one leaves the bad amount.
  await (await s.find('[data-testid="intake-puno"]')).select('IOM');
  await s.until('only the bad amount to be left', async () => (await s.findAll('[data-testid="intake-problem"]')).length === 1);
  assert.equal(await (await s.find('[data-testid="intake-add"]')).prop('disabled'), true);
  assert.equal(lines().length, before);
  await (await s.find('[data-testid="intake-cancel"]')).click();
});

test('an agency CSV file imports for the PUNO chosen', async () => {
  const before = lines().length;
  const csv = join(files, 'onu-mujeres.csv');
  writeFileSync(csv, 'Descripción;Categoría;Cantidad;Costo unitario\nCuidado infantil;Servicios;24;1.234,50\n');
  writeFileSync(picks, csv);
  await (await s.find('[data-testid="intake-file"]')).click();
  await (await s.waitFor('[data-testid="intake-puno"]')).select('UN Women');
  await (await s.find('[data-testid="intake-choose"]')).click();
  await s.until('the file to be read', async () =>
    /Lines read: 1 · cells to correct: 0/.test(await (await s.waitFor('[data-testid="intake-summary"]')).text()));
  await (await s.find('[data-testid="intake-add"]')).click();
  await s.waitFor('[data-testid="intake-done"]');
  const added = lines().slice(-1)[0];
  assert.equal(lines().length, before + 1);
  assert.deepEqual([added.puno, added.unit_cost, added.quantity, added.description], ['UN Women', '1234.50', '24', 'Cuidado infantil']);
});

test('a workbook with an unknown column and a bad cell: the column mapped and the cell corrected in the preview, then added', async () => {
  const before = lines().length;
  // Two sheets, saved by LibreOffice as an .xlsx: notes first, then the budget under a title row.
  const cell = (v) => (typeof v === 'number'
    ? `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`
    : `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`);
  const row = (cells) => `<table:table-row>${cells.map(cell).join('')}</table:table-row>`;
  const flat = join(files, 'pnud.fods');
  writeFileSync(flat, `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet>
<table:table table:name="Notas">${row(['Preparado por la oficina del PNUD'])}</table:table>
<table:table table:name="Presupuesto">${row(['Presupuesto PNUD 2027'])}${row(['Descripción', 'Categoría', 'Cantidad', 'Importe'])}${row(['Talleres', 'Muebles', 4, 1500.5])}${row(['Asesoría legal', 3, 2, 8000])}</table:table>
</office:spreadsheet></office:body></office:document>`);
  const profile = join(files, 'lo-profile');
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', files, flat], { timeout: 120000 });
  writeFileSync(picks, join(files, 'pnud.xlsx'));

  await (await s.find('[data-testid="intake-file"]')).click();
  await (await s.waitFor('[data-testid="intake-puno"]')).select('UNDP');
  await (await s.find('[data-testid="intake-choose"]')).click();
  const sheet = await s.waitFor('[data-testid="intake-sheet"]');
  assert.equal(await sheet.prop('value'), '1', 'the sheet with a budget header is chosen');
  assert.equal(await (await s.find('[data-testid="intake-header"]')).prop('value'), '1', 'its second row is the header');
  // "Importe" is no header word the core knows: the lines have no cost until the column is mapped.
  await s.until('lines without a cost', async () => /cells to correct: [1-9]/.test(await (await s.waitFor('[data-testid="intake-summary"]')).text()));
  await (await s.find('[data-testid="intake-column"][data-column="4"]')).select('unit_cost');
  // Now only the bad category is left; it is corrected in the preview (the file is not touched).
  const problem = await s.until('one bad cell', async () => {
    const all = await s.findAll('[data-testid="intake-problem"]');
    return all.length === 1 && (await all[0].attr('data-column')) === '2' ? all[0] : null;
  });
  assert.match(await problem.text(), /Muebles/);
  await shot('intake-correct');
  // Typed over (WebDriver's clear would write an empty cell first, which is no problem at all).
  await (await problem.find('[data-testid="intake-fix"]')).click();
  await s.chord(KEY.CTRL, 'a');
  await s.keys('3');
  await s.keys(KEY.TAB);
  await s.until('nothing left to correct', async () =>
    /Lines read: 2 · cells to correct: 0/.test(await (await s.find('[data-testid="intake-summary"]')).text()));
  await (await s.find('[data-testid="intake-add"]')).click();
  await s.waitFor('[data-testid="intake-done"]');
  const added = lines().slice(before);
  assert.deepEqual(added.map((l) => [l.description, l.category, l.puno, l.quantity, l.unit_cost]), [
    ['Talleres', 3, 'UNDP', '4', '1500.50'],
    ['Asesoría legal', 3, 'UNDP', '2', '8000.00'],
  ]);
});
