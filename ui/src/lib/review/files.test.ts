import { describe, expect, it } from 'vitest';
import { fileBase } from './files';

describe('fileBase', () => {
  it('keeps letters, digits, spaces, dashes and underscores', () => {
    expect(fileBase('Ecuador: decent work / 2027')).toBe('Ecuador decent work 2027');
    expect(fileBase('Économie sociale — Sénégal')).toBe('Économie sociale Sénégal');
  });
  it('never returns an empty or hostile name', () => {
    expect(fileBase('../../etc/passwd')).toBe('etc passwd');
    expect(fileBase('<>:"|?*', 'review')).toBe('review');
    expect(fileBase('x'.repeat(500)).length).toBe(60);
  });
});
