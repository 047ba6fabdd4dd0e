import { language, numberFormat } from '../i18n';
// Money in the UI, without a single binary float. The core computes every
// total; the UI only previews one line's quantity × unit cost, with the core's
// rounding rule (half away from zero, to the cent), and formats the core's
// decimal strings for people.

/** Quantities carry up to four decimals, unit costs two (as in the core). */
export const QUANTITY_DECIMALS = 4;
export const MONEY_DECIMALS = 2;
/** Integer digits the core accepts: 12 for quantities, 15 for amounts. */
export const QUANTITY_INT_DIGITS = 12;
export const MONEY_INT_DIGITS = 15;

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;

/**
 * True when `s` is a plain decimal the core accepts: an optional minus,
 * digits, an optional point and at most `maxDecimals` digits after it
 * ("12", "2.5", ".5", "10."); never "1,5", "1e3", "abc" or "".
 * Surrounding spaces are allowed, as the core trims them.
 */
export function isDecimal(s: string, maxDecimals: number, maxIntDigits = MONEY_INT_DIGITS): boolean {
  const m = DECIMAL.exec(s.trim());
  if (!m) return false;
  const [, , int = '', frac = ''] = m;
  if (int === '' && frac === '') return false;
  return frac.length <= maxDecimals && int.length <= maxIntDigits;
}

/** The decimal `s` as an integer scaled by 10^decimals, or null when it is not one. */
export function toScaled(s: string, decimals: number, maxIntDigits = MONEY_INT_DIGITS): bigint | null {
  if (!isDecimal(s, decimals, maxIntDigits)) return null;
  const [, sign, int = '', frac = ''] = DECIMAL.exec(s.trim())!;
  const v = BigInt((int || '0') + frac.padEnd(decimals, '0'));
  return sign === '-' ? -v : v;
}

/** n / d rounded half away from zero (d > 0). */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/**
 * A line total in cents: quantity × unit cost, rounded half away from zero
 * to the cent, or null when either is not a valid decimal.
 */
export function lineTotalCents(quantity: string, unitCost: string): bigint | null {
  const q = toScaled(quantity, QUANTITY_DECIMALS, QUANTITY_INT_DIGITS);
  const c = toScaled(unitCost, MONEY_DECIMALS, MONEY_INT_DIGITS);
  if (q === null || c === null) return null;
  return divRound(q * c, 10n ** BigInt(QUANTITY_DECIMALS));
}

/** Cents as a plain decimal string ("1000550" → "10005.50"). */
export function centsToDecimal(cents: bigint): string {
  const neg = cents < 0n;
  const digits = (neg ? -cents : cents).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A decimal string with thousands grouped and two decimals, in the
 * interface language: "2240000.00" → "2,240,000.00" (en), "2 240 000,00"
 * (fr), "2.240.000,00" (es); "-5" → "-5.00". Anything that is not a
 * decimal comes back unchanged.
 */
export function formatUsd(amount: string, lang: string = language()): string {
  const m = DECIMAL.exec(amount.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return amount;
  const [, sign, rawInt = '', rawFrac = ''] = m;
  const { group, decimal: point } = numberFormat(lang);
  const int = rawInt.replace(/^0+(?=\d)/, '') || '0';
  const frac = rawFrac.length >= 2 ? rawFrac : rawFrac.padEnd(2, '0');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const isZero = /^0*$/.test(int + frac);
  return `${sign && !isZero ? '-' : ''}${grouped}${point}${frac}`;
}

/** A line's total formatted, or null when its figures are not valid yet. */
export function formatLineTotal(quantity: string, unitCost: string): string | null {
  const cents = lineTotalCents(quantity, unitCost);
  return cents === null ? null : formatUsd(centsToDecimal(cents));
}

/** True when the amount is zero ("0.00", "0"). */
export function isZeroAmount(amount: string): boolean {
  return /^-?0*\.?0*$/.test(amount.trim());
}
