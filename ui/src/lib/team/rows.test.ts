import { describe, expect, it } from 'vitest';
import type { Proposal, Template } from '../backend';
import { inPart, narrativeFields, placeOf, rowIdsAt, rowsOf } from './rows';
import { authorIndex, authorsOf } from './authors';

const template = {
  cover_fields: [{ id: 'title', label: { en: 'Joint Programme title' }, required: true, help: {} }],
  document_kinds: [{ id: 'full_proposal', sections: ['context', 'principles', 'annex_budget'] }],
  sections: [
    { id: 'context', kind: 'narrative', title: { en: 'Context' }, fields: [{ id: 'body', label: { en: 'Analysis' } }, { id: 'groups', label: { en: 'Groups' } }] },
    { id: 'principles', kind: 'principles', title: { en: 'Principles' }, fields: [] },
    { id: 'annex_budget', kind: 'budget', title: { en: 'Budget' }, fields: [] },
    { id: 'governance', kind: 'narrative', title: { en: 'Governance' }, fields: [{ id: 'body', label: { en: 'Body' } }] },
  ],
  guiding_principles: [{ id: 'people', title: { en: 'People-centred' } }],
} as unknown as Template;

const proposal = {
  kind: 'full_proposal',
  results_framework: {
    outcomes: [
      {
        id: 'oc1', title: 'Safer migration', indicators: [{ id: 'i1', text: 'Share of migrants informed' }],
        outputs: [{ id: 'op1', title: '', indicators: [], activities: [{ id: 'a1', title: 'Train inspectors' }] }],
      },
    ],
  },
  budget: { lines: [{ id: 'b1', description: 'Trainers' }, { id: 'b2', description: '  ' }] },
  risk_matrix: { risks: [{ id: 'r1', description: 'Elections delay the law' }] },
} as unknown as Proposal;

describe('co-authoring names', () => {
  it('lists every row a PUNO can be given, in document order, with its words or a stand-in', () => {
    const rows = rowsOf(proposal);
    expect(rows.map((r) => `${r.table}:${r.id}`)).toEqual([
      'outcomes:oc1', 'indicators:i1', 'outputs:op1', 'activities:a1', 'lines:b1', 'lines:b2', 'risks:r1',
    ]);
    expect(rows.find((r) => r.id === 'op1')?.label).toBe('1.1 (no title yet)');
    expect(rows.find((r) => r.id === 'b2')?.label).toBe('(budget line not described yet)');
  });

  it('names the narrative fields of the proposal’s kind only, with the section when it has several', () => {
    expect(narrativeFields(template, 'full_proposal')).toEqual([
      { key: 'context.body', label: 'Context · Analysis' },
      { key: 'context.groups', label: 'Context · Groups' },
      { key: 'principles.people', label: 'Principles · People-centred' },
    ]);
  });

  it('says where a merge path points', () => {
    expect(placeOf(['narrative', 'context.body'], proposal, template)).toBe('Context · Analysis');
    expect(placeOf(['cover', 'title'], proposal, template)).toBe('Joint Programme title');
    expect(placeOf(['budget', 'lines', { id: 'b1' }, 'unit_cost'], proposal, template)).toMatch(/^Budget line “Trainers” · /);
    expect(placeOf(['risk_matrix', 'risks', { id: 'r1' }], proposal, template)).toBe('Risk “Elections delay the law”');
    expect(placeOf(['budget', 'lines'], proposal, template)).toBe('Budget lines');
    expect(placeOf(['budget', 'lines', { id: 'gone' }], proposal, template)).toBe('Budget line “gone”');
  });

  it('groups who changed what by PUNO, each place once, skipping damaged records', () => {
    const at = 0;
    const authors = authorsOf(
      [
        { path: JSON.stringify(['budget', 'lines', { id: 'b1' }, 'quantity']), puno: 'UNDP', at },
        { path: JSON.stringify(['budget', 'lines', { id: 'b1' }, 'quantity']), puno: 'UNDP', at },
        { path: JSON.stringify(['narrative', 'context.body']), puno: 'IOM', at },
        { path: '{not json', puno: 'IOM', at },
      ],
      proposal,
      template,
    );
    expect(authors).toEqual([
      { puno: 'UNDP', places: [expect.stringMatching(/^Budget line “Trainers”/)] },
      { puno: 'IOM', places: ['Context · Analysis'] },
    ]);
  });
});

describe('a PUNO’s part of the readiness list', () => {
  it('finds the rows a pointer passes through', () => {
    expect(rowIdsAt(proposal, '/results_framework/outcomes/0/outputs/0/activities/0/title')).toEqual(['oc1', 'op1', 'a1']);
    expect(rowIdsAt(proposal, '/budget/lines/1/unit_cost')).toEqual(['b2']);
    expect(rowIdsAt(proposal, '/budget/lines/9/unit_cost')).toEqual([]);
    expect(rowIdsAt(proposal, '/cover/title')).toEqual([]);
  });

  it('counts a problem in the part when it sits in an owned row or a given narrative field', () => {
    const owned = new Set(['a1', 'b2']);
    expect(inPart(proposal, '/results_framework/outcomes/0/outputs/0/activities/0/title', owned, [])).toBe(true);
    expect(inPart(proposal, '/results_framework/outcomes/0/outputs/0/title', owned, [])).toBe(false);
    expect(inPart(proposal, '/budget/lines/1/unit_cost', owned, [])).toBe(true);
    expect(inPart(proposal, '/budget/lines/0/unit_cost', owned, [])).toBe(false);
    expect(inPart(proposal, '/narrative/context.body', owned, ['context.body'])).toBe(true);
    expect(inPart(proposal, '/narrative/strategy.body', owned, ['context.body'])).toBe(false);
    expect(inPart(proposal, '/cover/title', owned, ['context.body'])).toBe(false);
  });
});

describe('who changed each part', () => {
  it('indexes cover fields, narrative fields and the innermost row of each change', () => {
    const at = 0;
    const index = authorIndex([
      { path: JSON.stringify(['cover', 'title']), puno: 'UNDP', at },
      { path: JSON.stringify(['narrative', 'context.body']), puno: 'IOM', at },
      { path: JSON.stringify(['narrative', 'context.body']), puno: 'UNDP', at },
      { path: JSON.stringify(['results_framework', 'outcomes', { id: 'oc1' }, 'outputs', { id: 'op1' }, 'title']), puno: 'UN Women', at },
      { path: JSON.stringify(['budget', 'lines', { id: 'new-line' }]), puno: 'UNDP', at },
      { path: 'damaged', puno: 'UNDP', at },
    ]);
    expect(index.cover('title')).toEqual(['UNDP']);
    expect(index.narrative('context.body')).toEqual(['IOM', 'UNDP']);
    expect(index.row('op1')).toEqual(['UN Women']);
    expect(index.row('oc1')).toEqual([]);
    expect(index.row('new-line')).toEqual(['UNDP']);
    expect(index.narrative('strategy.body')).toEqual([]);
  });
});
