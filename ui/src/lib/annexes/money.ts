// Money in the UI, without a single binary float. The core computes every
// total and writes every amount the screens show (`amounts.svelte.ts`).

/** True when the amount is zero ("0.00", "0"). */
export function isZeroAmount(amount: string): boolean {
  return /^-?0*\.?0*$/.test(amount.trim());
}
