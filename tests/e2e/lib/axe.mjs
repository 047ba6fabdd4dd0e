// axe-core, injected into the real app's page through WebDriver.
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const AXE = readFileSync(join(root, 'ui/node_modules/axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations on the page as it is now. */
export async function violations(s) {
  await s.exec(`if (!window.axe) { ${AXE}\n }; return true;`);
  await s.cmd('POST', '/timeouts', { script: 60000 });
  return s.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      window.axe.run(document, { resultTypes: ['violations'] }).then((r) => done(
        r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 2).join(' ')) }))),
        (e) => done([{ id: 'axe-error', help: String(e) }]));`,
    args: [],
  });
}
