// Rows pasted from a spreadsheet. Excel, LibreOffice and web spreadsheets
// put an HTML table on the clipboard beside tab-separated text; the table
// keeps cells with line breaks whole, so it is read first.

/** The cells of the first table in `html`, row by row; null when it has none. */
export function tableRows(html: string): string[][] | null {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const table = doc.querySelector('table');
  if (!table) return null;
  const rows: string[][] = [];
  for (const tr of table.querySelectorAll('tr')) {
    const cells: string[] = [];
    for (const cell of tr.querySelectorAll('td, th')) {
      // <br> inside a cell is a line break in it.
      for (const br of cell.querySelectorAll('br')) br.replaceWith('\n');
      const text = (cell.textContent ?? '').replace(/\u00a0/g, ' ').trim();
      const span = Math.min(Number(cell.getAttribute('colspan') ?? '1') || 1, 50);
      cells.push(text);
      for (let i = 1; i < span; i++) cells.push('');
    }
    rows.push(cells);
  }
  return rows;
}
