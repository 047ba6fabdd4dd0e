// File names the review round trip offers in save dialogs.

/** A file-name-safe base from a title or name ("Home Ties: 2027" → "Home Ties 2027"). */
export function fileBase(source: string, fallback = 'proposal'): string {
  const base = source
    .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
  return base || fallback;
}
