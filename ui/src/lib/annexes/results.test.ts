import { describe, it, expect } from 'vitest';
import type { Outcome } from '../backend/bindings/Outcome';
import {
  numbering, PENDING_NUMBER, resultsIds, numberedOutputs,
  newOutcome, newOutput, newActivity, newIndicator, removeItem, insertItem, appendItem, moveRfItem,
  withQuarters, workplanGroups, countUnder, preview, blocksOnPath,
} from './results';
import { newId, ID_PATTERN } from './ids';
import { moveItem, removeAt, insertAt } from './lists';

function sample(): Outcome[] {
  return [
    {
      ...newOutcome('oc1'),
      title: 'First outcome',
      indicators: [newIndicator('oc1-i1')],
      outputs: [
        { ...newOutput('op11'), title: 'Output one', activities: [newActivity('a1'), newActivity('a2')] },
        { ...newOutput('op12'), title: 'Output two', indicators: [newIndicator('op12-i1')] },
      ],
    },
    { ...newOutcome('oc2'), outputs: [{ ...newOutput('op21'), activities: [{ ...newActivity('a3'), quarters: [1, 2] }] }] },
  ];
}

// What the core's Assessment.numbers holds for sample() (its own test checks how it numbers).
const OC = '/results_framework/outcomes';
const core = numbering({
  [`${OC}/0`]: '1', [`${OC}/0/outputs/0`]: '1.1', [`${OC}/0/outputs/1`]: '1.2', [`${OC}/1`]: '2', [`${OC}/1/outputs/0`]: '2.1',
  [`${OC}/0/outputs/0/activities/0`]: '1.1.1', [`${OC}/0/outputs/0/activities/1`]: '1.1.2', [`${OC}/1/outputs/0/activities/0`]: '2.1.1',
  [`${OC}/0/indicators/0`]: '1 a',
});

describe('numbering', () => {
  it('reads the core\'s numbers by place, and marks an item the core has not numbered yet', () => {
    expect(core.outcome(1)).toBe('2');
    expect(core.output(0, 1)).toBe('1.2');
    expect(core.activity(0, 0, 1)).toBe('1.1.2');
    expect(core.at(`${OC}/0/indicators/0`)).toBe('1 a');
    expect(core.output(5, 0)).toBe(PENDING_NUMBER);
  });
  it('numbers by place, so a moved or deleted item takes the number of where it now sits', () => {
    const moved = moveRfItem(sample(), { kind: 'output', parentId: 'oc1', index: 1 }, -1)!;
    expect(numberedOutputs(moved, core).map((o) => `${o.number} ${o.id}`)).toEqual(['1.1 op12', '1.2 op11', '2.1 op21']);
    const removed = removeItem(sample(), { kind: 'outcome', parentId: null, index: 0 })!;
    expect(numberedOutputs(removed.outcomes, core).map((o) => `${o.number} ${o.id}`)).toEqual(['1.1 op21']);
  });
  it('groups activities by output for the workplan', () => {
    const groups = workplanGroups(sample(), core);
    expect(groups.map((g) => g.output.number)).toEqual(['1.1', '1.2', '2.1']);
    expect(groups[0].activities.map((a) => a.number)).toEqual(['1.1.1', '1.1.2']);
    expect(groups[2].activities[0]).toMatchObject({ number: '2.1.1', i: 1, j: 0, k: 0 });
  });
});

describe('ids', () => {
  it('makes 20-character ids the core accepts', () => {
    for (let n = 0; n < 50; n++) {
      const id = newId();
      expect(id).toMatch(ID_PATTERN);
      expect(id).toHaveLength(20);
      expect(id).not.toContain('-');
    }
  });
  it('never returns a taken id', () => {
    let calls = 0;
    const taken = { has: () => calls++ < 3 };
    expect(newId(taken)).toMatch(ID_PATTERN);
    expect(calls).toBe(4);
  });
  it('lists every id of the framework', () => {
    expect([...resultsIds(sample())].sort()).toEqual(['a1', 'a2', 'a3', 'oc1', 'oc1-i1', 'oc2', 'op11', 'op12', 'op12-i1', 'op21'].sort());
  });
});

describe('tree edits', () => {
  it('never changes its input', () => {
    const before = sample();
    const frozen = JSON.stringify(before);
    removeItem(before, { kind: 'activity', parentId: 'op11', index: 0 });
    appendItem(before, { kind: 'indicator', parentId: 'op11' }, newIndicator('x'));
    moveRfItem(before, { kind: 'outcome', parentId: null, index: 0 }, 1);
    withQuarters(before, 1, 0, 0, [3]);
    expect(JSON.stringify(before)).toBe(frozen);
  });
  it('deletes and restores an item at its place', () => {
    const place = { kind: 'activity' as const, parentId: 'op11', index: 0 };
    const r = removeItem(sample(), place)!;
    expect(r.item.id).toBe('a1');
    expect(r.outcomes[0].outputs[0].activities.map((a) => a.id)).toEqual(['a2']);
    const back = insertItem(r.outcomes, place, r.item)!;
    expect(back).toEqual(sample());
  });
  it('restores indicators on outcomes and on outputs', () => {
    for (const parentId of ['oc1', 'op12']) {
      const place = { kind: 'indicator' as const, parentId, index: 0 };
      const r = removeItem(sample(), place)!;
      expect(insertItem(r.outcomes, place, r.item)).toEqual(sample());
    }
  });
  it('restores a whole outcome with its children', () => {
    const place = { kind: 'outcome' as const, parentId: null, index: 0 };
    const r = removeItem(sample(), place)!;
    expect(resultsIds(r.outcomes).has('a1')).toBe(false);
    expect(insertItem(r.outcomes, place, r.item)).toEqual(sample());
  });
  it('puts an item at the end when its list got shorter', () => {
    const r = removeItem(sample(), { kind: 'activity', parentId: 'op11', index: 1 })!;
    const shorter = removeItem(r.outcomes, { kind: 'activity', parentId: 'op11', index: 0 })!.outcomes;
    const back = insertItem(shorter, { kind: 'activity', parentId: 'op11', index: 1 }, r.item)!;
    expect(back[0].outputs[0].activities.map((a) => a.id)).toEqual(['a2']);
  });
  it('refuses to restore when the parent is gone or an id is in use', () => {
    const act = removeItem(sample(), { kind: 'activity', parentId: 'op11', index: 0 })!;
    const noParent = removeItem(act.outcomes, { kind: 'output', parentId: 'oc1', index: 0 })!.outcomes;
    expect(insertItem(noParent, { kind: 'activity', parentId: 'op11', index: 0 }, act.item)).toBeNull();
    expect(insertItem(sample(), { kind: 'activity', parentId: 'op11', index: 0 }, newActivity('a3'))).toBeNull();
  });
  it('appends and moves, clamped at the ends', () => {
    const added = appendItem(sample(), { kind: 'output', parentId: 'oc2' }, newOutput('op22'))!;
    expect(added[1].outputs.map((o) => o.id)).toEqual(['op21', 'op22']);
    expect(appendItem(sample(), { kind: 'output', parentId: 'nope' }, newOutput('x'))).toBeNull();
    const same = moveRfItem(sample(), { kind: 'outcome', parentId: null, index: 0 }, -1)!;
    expect(same.map((o) => o.id)).toEqual(['oc1', 'oc2']);
  });
  it('sets an activity’s quarters', () => {
    expect(withQuarters(sample(), 1, 0, 0, [2, 5])[1].outputs[0].activities[0].quarters).toEqual([2, 5]);
  });
});

describe('lists', () => {
  it('moves, removes and inserts without changing the input', () => {
    const l = ['a', 'b', 'c'];
    expect(moveItem(l, 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(l, 2, 1)).toEqual(['a', 'b', 'c']);
    expect(removeAt(l, 1)).toEqual({ list: ['a', 'c'], item: 'b' });
    expect(insertAt(l, 1, 'x')).toEqual(['a', 'x', 'b', 'c']);
    expect(insertAt(l, 9, 'x')).toEqual(['a', 'b', 'c', 'x']);
    expect(l).toEqual(['a', 'b', 'c']);
  });
});

describe('headings', () => {
  it('counts problems under a block and previews statements', () => {
    const paths = ['/results_framework/outcomes/0/title', '/results_framework/outcomes/0/outputs/1/title', '/results_framework/outcomes/10/title'];
    expect(countUnder(paths, '/results_framework/outcomes/0')).toBe(2);
    expect(countUnder(paths, '/results_framework/outcomes/0/outputs/1')).toBe(1);
    expect(preview('  a\n b ')).toBe('a b');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('blocksOnPath', () => {
  it('lists the blocks to open for a field', () => {
    const rf = sample();
    expect(blocksOnPath(rf, '/results_framework/outcomes/0/outputs/1/indicators/0/text')).toEqual(['oc1', 'op12', 'op12-i1']);
    expect(blocksOnPath(rf, '/results_framework/outcomes/0/indicators/0/baseline/year')).toEqual(['oc1', 'oc1-i1']);
    expect(blocksOnPath(rf, '/results_framework/outcomes/0/outputs/0/activities/1/puno')).toEqual(['oc1', 'op11']);
    expect(blocksOnPath(rf, '/results_framework/outcomes/1/title')).toEqual(['oc2']);
    expect(blocksOnPath(rf, '/results_framework/outcomes/9/title')).toEqual([]);
    expect(blocksOnPath(rf, '/results_framework/outcomes/0/outputs/9/title')).toEqual(['oc1']);
    expect(blocksOnPath(rf, '/budget/lines/0')).toEqual([]);
  });
});
