// Takes screenshots of the real app for the README and for review, at a
// window size of your choice:
//   xvfb-run -a -s "-screen 0 1920x1080x24" node tests/e2e/screenshots.mjs OUTDIR [WxH] [section ...]
import { Session, newDataDir } from './lib/webdriver.mjs';
import { mkdirSync } from 'node:fs';

const out = process.argv[2] ?? 'shots';
const size = /^(\d+)x(\d+)$/.exec(process.argv[3] ?? '');
const sections = process.argv.slice(size ? 4 : 3);
mkdirSync(out, { recursive: true });
const s = await Session.start(newDataDir(), {}, size ? { width: Number(size[1]), height: Number(size[2]) } : undefined);
try {
  await s.waitFor('[data-testid="draft-row"]');
  await s.screenshot(`${out}/library.png`);
  await (await s.find('[data-testid="draft-open"]')).click();
  await s.waitFor('[data-testid="cover-title"]');
  await s.screenshot(`${out}/cover.png`);
  for (const section of sections) {
    await (await s.find(`[data-testid="rail-item"][data-section="${section}"]`)).click();
    await s.until(`the ${section} section`, async () => (await s.findAll(`[data-testid="rail-item"][data-section="${section}"][aria-current="page"]`)).length === 1);
    await s.screenshot(`${out}/${section}.png`);
  }
} finally {
  await s.quit();
}
