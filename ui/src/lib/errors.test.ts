import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from './errors';
import { setLanguage } from './i18n';

describe('describeError', () => {
  afterEach(() => setLanguage('en'));
  it('keeps the core’s precise English in English', () => {
    expect(describeError('disk_full', 'the disk is full')).toEqual({ text: 'the disk is full', detail: '' });
  });
  it('says what happened in the interface language, keeping the details', () => {
    setLanguage('fr');
    const d = describeError('disk_full', 'the disk is full');
    expect(d.text).toMatch(/disque/);
    expect(d.detail).toBe('the disk is full');
    setLanguage('es');
    expect(describeError('no_such_code', 'x').text).toMatch(/[a-záéíóúñ]/);
  });
});
