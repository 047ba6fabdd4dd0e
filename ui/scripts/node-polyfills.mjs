// Node 20 lacks Map.groupBy (Node 21+), which Vitest's reporter uses when it
// prints a failure; without it a failing test crashes the reporter instead of
// saying what failed.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, key) {
    const map = new Map();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(item);
    }
    return map;
  };
}
