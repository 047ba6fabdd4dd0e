// Takes screenshots of the real app for the README and for review:
//   xvfb-run -a -s "-screen 0 1440x900x24" node tests/e2e/screenshots.mjs OUTDIR
import { Session, newDataDir, sleep } from './lib/webdriver.mjs';
import { mkdirSync } from 'node:fs';

const out = process.argv[2] ?? 'shots';
mkdirSync(out, { recursive: true });
const s = await Session.start(newDataDir());
try {
  await s.cmd('POST', '/window/rect', { width: 1366, height: 860 });
  await sleep(500);
  await s.screenshot(`${out}/library.png`);
  await (await s.find('[data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  await sleep(300);
  await s.screenshot(`${out}/cover.png`);
  for (const section of process.argv.slice(3)) {
    await (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
    await sleep(400);
    await s.screenshot(`${out}/${section}.png`);
  }
} finally {
  await s.quit();
}
