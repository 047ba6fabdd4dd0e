// Typing latency in a 20,000-word section of the real app (a measurement,
// not a test): the time the page takes to handle one input event, from the
// event to the next frame, with the word counter and autosave running.
//   xvfb-run -a node tests/e2e/bench-typing.mjs
import { Session, newDataDir } from './lib/webdriver.mjs';

const s = await Session.start(newDataDir());
try {
  await (await s.find('[data-testid="draft-open"]')).click();
  await (await s.waitFor('[data-testid="rail-item"][data-section="executive_summary"]')).click();
  const area = await s.waitFor('[data-testid="narrative"][data-key="executive_summary.body"]');
  await s.cmd('POST', '/timeouts', { script: 120000 });
  const result = await s.cmd('POST', '/execute/async', {
    script: `
      const el = arguments[0];
      const N = Number(arguments[1]);
      const done = arguments[arguments.length - 1];
      const words = [];
      for (let i = 0; i < N; i++) words.push(i % 120 === 119 ? 'migration.\\n\\n' : 'word');
      el.focus();
      el.value = words.join(' ');
      el.setSelectionRange(el.value.length, el.value.length);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      const times = [];
      // Long texts turn into paragraphs: type into the last one.
      let target = el;
      let n = 0;
      const step = () => {
        if (n === 0) {
          const blocks = document.querySelectorAll('[data-testid="narrative-block"]');
          if (blocks.length) target = blocks[blocks.length - 1];
        }
        const t0 = performance.now();
        target.setRangeText('x', target.value.length, target.value.length, 'end');
        target.dispatchEvent(new Event('input', { bubbles: true }));
        setTimeout(() => {
          times.push(performance.now() - t0);
          if (++n < 200) setTimeout(step, 5); else {
            times.sort((a, b) => a - b);
            done({ median: times[100], p95: times[190], max: times[199], count: document.querySelector('[data-testid="word-count"][data-key="executive_summary.body"]').textContent });
          }
        }, 0);
      };
      setTimeout(step, 500);`,
    args: [area.asArg(), process.argv[2] ?? '20000'],
  });
  console.log(`${process.argv[2] ?? '20,000'}-word section, 200 keystrokes: input to rendered median ${result.median.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms (${result.count.trim()})`);
  await s.saved(20000);
} finally {
  await s.quit();
}
