import { PENDING } from '../annexes/amounts.svelte';
import { describe, expect, it } from 'vitest';
import { coverFieldLabel, markerFieldLabel, markerQuestion, readValue, reasonLabel, rowFieldLabel, tableTitle, type LabelTemplate } from './labels';

const template = {
  cover_fields: [
    { id: 'title', label: { en: 'Joint Programme title' }, required: true, help: {} },
    { id: 'contact', label: { en: 'Contact person' }, required: true, help: {} },
  ],
  thematic_areas: [{ id: 2, title: { en: 'Protecting migrants' }, gcm_objectives: [], status: 'confirmed' }],
  budget: { categories: [{ id: 1, title: { en: 'Staff and other personnel' } }] },
  risk_matrix: {
    categories: [{ id: 'fiduciary', label: { en: 'Fiduciary' } }],
    likelihood: [{ en: 'Rare' }, { en: 'Unlikely' }, { en: 'Possible' }],
    impact: [{ en: 'Minor' }, { en: 'Moderate' }],
  },
  human_rights_marker: {
    levels: [{ id: 'fully', label: { en: 'Fully addressed' }, score: 2 }],
    criteria: [
      { id: 'rights_analysis', question: { en: 'Does the analysis name the rights-holders?' } },
      { id: 'capacity', question: { en: 'Does it build capacity?' } },
    ],
  },
} as unknown as LabelTemplate;

describe('version reasons', () => {
  it('names the automatic ones and leaves hand-saved versions unlabelled', () => {
    expect(reasonLabel('export')).toBe('Exported');
    expect(reasonLabel('review')).toBe('Sent for review');
    expect(reasonLabel('restore')).toBe('Before restoring');
    expect(reasonLabel('manual')).toBeNull();
  });
});

describe('field labels', () => {
  it('reads cover fields from the template, with the part of a contact', () => {
    expect(coverFieldLabel('title', template)).toBe('Joint Programme title');
    expect(coverFieldLabel('contact.email', template)).toBe('Contact person · Email');
    expect(coverFieldLabel('mystery_field', template)).toBe('mystery field');
  });

  it('names tables and their fields, falling back to plain words', () => {
    expect(tableTitle('budget_lines')).toBe('Budget lines');
    expect(rowFieldLabel('baseline.value')).toBe('Baseline');
    expect(rowFieldLabel('unit_cost')).toBe('Unit cost (USD)');
    expect(rowFieldLabel('new_field')).toBe('new field');
  });

  it('numbers Human Rights Marker criteria as the template orders them', () => {
    expect(markerFieldLabel('human_rights.criteria.capacity.level', template)).toBe('Human Rights Marker, criterion 2 · Level');
    expect(markerFieldLabel('human_rights.criteria.rights_analysis.justification', template)).toBe('Human Rights Marker, criterion 1 · Justification');
    expect(markerFieldLabel('gender.score', template)).toBe('Gender Marker score');
    expect(markerQuestion('human_rights.criteria.capacity.level', template)).toBe('Does it build capacity?');
    expect(markerQuestion('gender.score', template)).toBe('');
  });
});

describe('values', () => {
  it('puts template titles on ids and translates yes and no', () => {
    expect(readValue('cover', 'thematic_area', '2', template)).toBe('2. Protecting migrants');
    expect(readValue('budget_lines', 'category', '1', template)).toBe('1. Staff and other personnel');
    // Written by the core, never by the UI: pending until the core answers.
    expect(readValue('budget_lines', 'unit_cost', '12500', template)).toBe(PENDING);
    // A percentage is written by the core, as every one is.
    expect(readValue('budget_lines', 'gender_share', '40', template)).toBe(PENDING);
    expect(readValue('cover', 'partners', 'yes', template)).toBe('Yes');
    expect(readValue('risks', 'category', 'fiduciary', template)).toBe('Fiduciary');
    expect(readValue('risks', 'likelihood', '3', template)).toBe('3 · Possible');
    expect(readValue('markers', 'human_rights.criteria.capacity.level', 'fully', template)).toBe('Fully addressed');
  });

  it('leaves unknown ids and free text as they are, and empty as empty', () => {
    expect(readValue('cover', 'thematic_area', '9', template)).toBe('9');
    expect(readValue('risks', 'impact', '5', template)).toBe('5');
    expect(readValue('cover', 'title', 'Decent work', template)).toBe('Decent work');
    expect(readValue('cover', 'title', '', template)).toBe('');
  });
});
