// The budget grid at scale (a measurement, not a test), in the real app on
// the 2,000-line proposal:
//   - a keystroke in a unit-cost cell to the updated direct-cost total:
//     from the input event until the total's text changed, and until the
//     frame showing it was painted; 200 keystrokes, one every 100 ms;
//   - 500 rows pasted as new lines (tab-separated text): from the paste
//     event until the grid counts them, and until the frame is painted;
//   - memory: proportional set size (Pss from /proc/PID/smaps_rollup)
//     summed over the app and its WebKit processes, at the library, with
//     the proposal's grid open, and after the typing and the paste,
//     against a bare Tauri window of the same binary measured in the same
//     run.
//   PROPOSAL_STUDIO_APP=target/release/proposal-studio xvfb-run -a node tests/e2e/bench-grid.mjs
//   (./studio bench builds the release app and proposal-bench first; the
//   memory is the shipped app's, the bare window the same binary's)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Session, newDataDir, largeProposalDataDir, APP } from './lib/webdriver.mjs';
import { descendants } from './lib/system.mjs';

/** Pss in kB summed over `pids`, with each process's name and share. */
function pss(pids) {
  let sum = 0;
  const parts = [];
  for (const pid of pids) {
    try {
      const kb = Number(/Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      sum += kb;
      if (kb > 1024) parts.push(`${name} ${(kb / 1024).toFixed(0)}`);
    } catch { /* gone */ }
  }
  return { kb: sum, parts };
}

/** Waits until the processes' summed Pss has stayed within 2 % over five readings 400 ms apart (memory settles after a page loads). */
async function settledPss(pidsOf) {
  let last = [];
  for (let i = 0; i < 150; i++) {
    const now = pss(pidsOf());
    last.push(now.kb);
    if (last.length > 5) last.shift();
    if (last.length === 5 && now.kb > 0 && Math.max(...last) - Math.min(...last) <= now.kb * 0.02) return now;
    await new Promise((r) => setTimeout(r, 400));
  }
  return pss(pidsOf());
}

const stats = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
};

// ---- the bare window ---------------------------------------------------------
// A bare Tauri window as it comes (the reference), and the same with the
// app's one webview setting (it paints without WebKit's compositor), so the
// figure shows what the setting saves on its own.
async function bareWindow(extraEnv) {
  const bare = spawn(APP, [], { env: { ...process.env, ...extraEnv, PROPOSAL_STUDIO_BARE_WINDOW: '1', PROPOSAL_STUDIO_DATA_DIR: newDataDir() }, stdio: 'ignore' });
  try {
    // The window is up once a WebKit web process runs under the app.
    for (let i = 0; i < 100 && !descendants(bare.pid).some((p) => { try { return /WebKitWeb/.test(readFileSync(`/proc/${p}/comm`, 'utf8')); } catch { return false; } }); i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    return await settledPss(() => descendants(bare.pid));
  } finally {
    bare.kill();
  }
}
const bareMem = await bareWindow({});
const bareUncomposited = await bareWindow({ WEBKIT_DISABLE_COMPOSITING_MODE: '1' });

// ---- the app on the 2,000-line proposal ---------------------------------------
const s = await Session.start(largeProposalDataDir());
try {
  await s.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]');
  const library = await settledPss(() => [...new Set(s.pids.flatMap((p) => descendants(p)))]);
  await (await s.find('[data-testid="draft-row"] [data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]', 60000);
  await (await s.find('[data-testid="rail-item"][data-section="annex_budget"]')).click();
  await s.waitFor('[data-testid="grid-row"]', 60000);
  const opened = await settledPss(() => [...new Set(s.pids.flatMap((p) => descendants(p)))]);
  const lines = await s.exec('return Number(document.querySelector(\'[data-testid="grid"]\').getAttribute("aria-rowcount")) - 2');

  // A unit-cost cell in edit mode, then 200 keystrokes.
  await s.exec(`const c = document.querySelector('[data-testid="grid-row"][data-index="0"] [data-key="unit_cost"]'); c.focus();
    c.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true, cancelable: true }));`);
  await s.waitFor('[data-testid="grid-editor"]');
  await s.cmd('POST', '/timeouts', { script: 120000 });
  const typing = await s.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      const input = document.querySelector('[data-testid="grid-editor"]');
      const total = document.querySelector('[data-testid="grid-total"] strong');
      const updated = [], painted = [];
      // One keystroke every 100 ms, a fast typist's pace, whatever the
      // page is doing (autosave included); each one timed on its own.
      let i = 0;
      const step = () => {
        if (i === 200) {
          const wait = () => (painted.length === 200 ? done({ updated, painted }) : setTimeout(wait, 50));
          return wait();
        }
        const before = total.textContent;
        const t0 = performance.now();
        const seen = new MutationObserver(() => {
          if (total.textContent === before) return;
          seen.disconnect();
          updated.push(performance.now() - t0);
          requestAnimationFrame(() => setTimeout(() => painted.push(performance.now() - t0), 0));
        });
        seen.observe(total, { characterData: true, childList: true, subtree: true });
        input.value = String(1000 + i) + '.25';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        i++;
        setTimeout(step, Math.max(0, 100 - (performance.now() - t0)));
      };
      step();`,
    args: [],
  });
  await s.exec(`document.querySelector('[data-testid="grid-editor"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));`);

  // 500 rows pasted as new lines where the new row is, once the typing is saved.
  await s.saved(60000);
  await (await s.find('[data-testid="add-budget-line"]')).click();
  await s.waitFor('[data-testid="grid-new-row"]');
  const paste = await s.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      const grid = document.querySelector('[data-testid="grid"]');
      const cell = document.querySelector('[data-testid="grid-new-row"] [data-key="description"]');
      cell.focus();
      const rows = [];
      for (let k = 0; k < 500; k++) rows.push(['Pasted line ' + k, String(1 + (k % 7)), 'IOM', '1.1', '1', 'unit', String(1 + (k % 9)), (100 + k) + '.50'].join('\\t'));
      const before = Number(grid.getAttribute('aria-rowcount'));
      const data = new DataTransfer();
      data.setData('text/plain', rows.join('\\n'));
      const t0 = performance.now();
      const seen = new MutationObserver(() => {
        if (Number(grid.getAttribute('aria-rowcount')) !== before + 500) return;
        seen.disconnect();
        const applied = performance.now() - t0;
        requestAnimationFrame(() => setTimeout(() => done({ applied, painted: performance.now() - t0 }), 0));
      });
      seen.observe(grid, { attributes: true, attributeFilter: ['aria-rowcount'] });
      cell.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));`,
    args: [],
  });
  await s.saved(60000);

  const app = await settledPss(() => [...new Set(s.pids.flatMap((p) => descendants(p)))]);
  console.log(`grid on the ${lines}-line proposal:`);
  console.log(`  keystroke in a unit cost to the updated total: ${stats(typing.updated)}; to the painted frame: ${stats(typing.painted)}`);
  console.log(`  500 rows pasted as new lines: applied and counted in ${paste.applied.toFixed(0)} ms, painted in ${paste.painted.toFixed(0)} ms`);
  const mb = (m) => `${(m.kb / 1024).toFixed(0)} MB`;
  console.log(`  memory (Pss summed over the app and its WebKit processes): bare Tauri window ${mb(bareMem)} (${bareMem.parts.join(', ')}); the app at its library ${mb(library)}; with the proposal's grid open ${mb(opened)} (${opened.parts.join(', ')}), ${(opened.kb / bareMem.kb).toFixed(2)} × the bare window; after the 200 keystrokes and the 500-row paste ${mb(app)}, ${(app.kb / bareMem.kb).toFixed(2)} ×`);
  console.log(`  a bare window painting without the compositor, as the app does: ${mb(bareUncomposited)}; the grid open is ${(opened.kb / bareUncomposited.kb).toFixed(2)} × that`);
} finally {
  await s.quit();
}
