// Typing latency in a 20,000-word section of the real app (a measurement,
// not a test): the time the page takes to handle one typed character, and
// from the edit to the next painted frame, with the word counter and
// autosave running.
//   xvfb-run -a node tests/e2e/bench-typing.mjs [WORDS]
import { Session, newDataDir, KEY } from './lib/webdriver.mjs';

const N = Number(process.argv[2] ?? 20000);
const s = await Session.start(newDataDir());
try {
  await (await s.find('[data-testid="draft-open"]')).click();
  await (await s.waitFor('[data-testid="rail-item"][data-section="executive_summary"]')).click();
  const editor = await s.waitFor('[data-testid="narrative"][data-key="executive_summary.body"]');
  // The long text replaces the summary as a paste would: select all, paste.
  await s.exec('arguments[0].focus();', [editor.asArg()]);
  await s.chord(KEY.CTRL, 'a');
  await s.cmd('POST', '/timeouts', { script: 120000 });
  const result = await s.cmd('POST', '/execute/async', {
    script: `
      const el = arguments[0];
      const N = arguments[1];
      const done = arguments[arguments.length - 1];
      const words = [];
      for (let i = 0; i < N; i++) words.push(i % 120 === 119 ? 'migration.\\n\\n' : 'word');
      const text = words.join(' ');
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      // handled: from the edit until the page can take the next event (as this benchmark always measured);
      // painted: until the frame showing it has been drawn.
      const handled = [];
      const painted = [];
      const stats = (a) => { a.sort((x, y) => x - y); return { median: a[100], p95: a[190], max: a[199] }; };
      let n = 0;
      // A typed character: the browser's own insertion at the caret (the end of the pasted text).
      const step = () => {
        const t0 = performance.now();
        document.execCommand('insertText', false, 'x');
        setTimeout(() => handled.push(performance.now() - t0), 0);
        requestAnimationFrame(() => setTimeout(() => {
          painted.push(performance.now() - t0);
          if (++n < 200) setTimeout(step, 5); else {
            done({
              handled: stats(handled), painted: stats(painted),
              typed: el.value === text + 'x'.repeat(200),
              lines: el.querySelectorAll('.cm-line').length,
              count: document.querySelector('[data-testid="word-count"][data-key="executive_summary.body"]').textContent,
            });
          }
        }, 0));
      };
      setTimeout(step, 500);`,
    args: [editor.asArg(), N],
  });
  if (!result.typed) throw new Error('the typed characters did not all reach the text');
  const ms = (r) => `median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`;
  console.log(`${N}-word section, 200 keystrokes (${result.count.trim()}; ${result.lines} lines drawn):`);
  console.log(`  input handled: ${ms(result.handled)}`);
  console.log(`  input to painted frame: ${ms(result.painted)}`);
  await s.saved(20000);
} finally {
  await s.quit();
}
