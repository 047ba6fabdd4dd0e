/** The GCM objectives with the thematic area's defaults first. */
export function orderObjectives<T extends { number: number }>(all: T[], suggested: number[]): { suggested: T[]; other: T[] } {
  return {
    suggested: all.filter((o) => suggested.includes(o.number)),
    other: all.filter((o) => !suggested.includes(o.number)),
  };
}
