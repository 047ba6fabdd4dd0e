/** Sets `value` at a JSON pointer inside `root` (object keys and list positions; `-` appends). */
export function setAt(root: unknown, pointer: string, value: unknown): void {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop();
  if (last === undefined) throw new Error('cannot replace the root');
  let node = root as Record<string, unknown> | unknown[];
  for (const t of tokens) {
    const next = Array.isArray(node) ? node[Number(t)] : node[t];
    if (next === null || typeof next !== 'object') throw new Error(`no container at ${t} in ${pointer}`);
    node = next as Record<string, unknown> | unknown[];
  }
  if (Array.isArray(node)) {
    if (last === '-') node.push(value);
    else node[Number(last)] = value;
  } else {
    node[last] = value;
  }
}

/** True when a problem at `problemPath` belongs to the field at `fieldPath`. */
export function concerns(problemPath: string, fieldPath: string): boolean {
  return problemPath === fieldPath || problemPath.startsWith(`${fieldPath}/`);
}
