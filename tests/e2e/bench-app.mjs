// App-level benchmarks (measurements, not tests), through the real app:
//   - cold start to an interactive window: a new process on a new library,
//     from launch until the library's draft list is on screen, 5 runs;
//   - peak memory with the large proposal open: the largest resident set
//     (VmHWM) of the app and its WebKit processes, summed, after opening the
//     large proposal and visiting its budget and a long narrative section.
//   xvfb-run -a node tests/e2e/bench-app.mjs
import { readFileSync } from 'node:fs';
import { Session, newDataDir, largeProposalDataDir } from './lib/webdriver.mjs';
import { descendants } from './lib/system.mjs';

function peakKb(pids) {
  let sum = 0;
  for (const pid of pids) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) sum += Number(m[1]);
    } catch { /* gone */ }
  }
  return sum;
}

const starts = [];
for (let i = 0; i < (process.env.SKIP_START ? 0 : 5); i++) {
  const t0 = performance.now();
  const s = await Session.start(newDataDir());
  await s.waitFor('[data-testid="draft-row"] [data-testid="draft-open"]');
  starts.push(performance.now() - t0);
  await s.quit();
}
starts.sort((a, b) => a - b);
if (starts.length) console.log(`cold start to interactive library (incl. WebDriver session): median ${starts[2].toFixed(0)} ms, min ${starts[0].toFixed(0)} ms, max ${starts[4].toFixed(0)} ms`);

const s = await Session.start(largeProposalDataDir());
try {
  const rows = await s.findAll('[data-testid="draft-row"]');
  await (await rows[0].find('[data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]', 60000);
  for (const section of ['annex_budget', 'context', 'annex_results_framework']) {
    await (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
    await s.waitFor('#section-heading');
    if (section === 'context') await s.waitFor('[data-testid="narrative"][data-key="context.body"]');
    await new Promise((r) => setTimeout(r, 1500));
  }
  const pids = [...new Set(s.pids.flatMap((p) => descendants(p)))];
  const parts = pids.map((p) => {
    let name = '?';
    try { name = readFileSync(`/proc/${p}/comm`, 'utf8').trim(); } catch { /* gone */ }
    return `${name} ${(peakKb([p]) / 1024).toFixed(0)} MB`;
  });
  console.log(`peak memory with the large proposal open: ${(peakKb(pids) / 1024).toFixed(0)} MB (VmHWM summed: ${parts.join(', ')})`);
} finally {
  await s.quit();
}
