// What the end-to-end tests and benchmarks ask of the machine itself: the
// processes a started app owns, and the X clipboard (served by xclip).
import { readFileSync, readdirSync } from 'node:fs';
import { spawn, execFileSync } from 'node:child_process';

/** `pid` and every process below it. */
export function descendants(pid) {
  const parent = new Map();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [c, p] of parent) if (p === out[i]) out.push(c);
  return out;
}

let owner = null;

/** The clipboard's content as `type`, or '' when nothing serves it. */
export function clipboardAs(type) {
  try {
    return execFileSync('xclip', ['-o', '-selection', 'clipboard', '-t', type], { timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return '';
  }
}

/**
 * Puts `content` on the X clipboard as `type` (xclip serves it until the
 * next copy or `releaseClipboard`); with a session, waits until the
 * clipboard serves exactly that.
 */
export async function copy(content, type = 'text/plain', session = null) {
  owner?.kill();
  owner = spawn('xclip', ['-selection', 'clipboard', '-t', type], { stdio: ['pipe', 'ignore', 'ignore'] });
  owner.stdin.end(content);
  if (session) await session.until('xclip to hold the clipboard', async () => clipboardAs(type) === content);
}

export function releaseClipboard() {
  owner?.kill();
  owner = null;
}
