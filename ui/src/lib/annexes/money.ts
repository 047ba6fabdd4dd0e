import { language, numberFormat } from '../i18n';
// Money in the UI, without a single binary float. The core computes every
// total (a line's too, through `figures`); the UI reads the core's decimal
// strings and writes them for people.

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;

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

/** True when the amount is zero ("0.00", "0"). */
export function isZeroAmount(amount: string): boolean {
  return /^-?0*\.?0*$/.test(amount.trim());
}
