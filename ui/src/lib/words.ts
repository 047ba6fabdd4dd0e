/** Words as the core counts them: whitespace-separated runs holding a letter or digit. */
export function countWords(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(w)) n++;
  return n;
}

/** The GCM objectives with the thematic area's defaults first. */
export function orderObjectives<T extends { number: number }>(all: T[], suggested: number[]): { suggested: T[]; other: T[] } {
  return {
    suggested: all.filter((o) => suggested.includes(o.number)),
    other: all.filter((o) => !suggested.includes(o.number)),
  };
}
