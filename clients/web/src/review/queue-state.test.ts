import { describe, expect, it } from 'vitest';
import { neighbour, nextAfterDecision, pageTrail, queueQueryString, readQueueSearch, turnPage, withFilter } from './queue-state.ts';

describe('the list in the address', () => {
  it('reads the filters and the pages gone through, ignoring what it does not know', () => {
    const search = readQueueSearch({ college: 'HI002', city: '460200', type: ['REGULAR', 'SKILLS_AWARD'], pages: 'abc.def', other: 'x', status: '' });
    expect(search).toEqual({ college: 'HI002', city: '460200', type: 'REGULAR', pages: 'abc.def' });
    expect(pageTrail(search)).toEqual(['abc', 'def']);
    expect(queueQueryString(search)).toBe('?college=HI002&city=460200&type=REGULAR&pages=abc.def');
    expect(queueQueryString({})).toBe('');
  });

  it('turns pages forward and back through the cursors, and starts again from the first when a filter changes', () => {
    const first = { city: '460100' };
    const second = turnPage(first, 'next', 'c1');
    const third = turnPage(second, 'next', 'c2');
    expect(third.pages).toBe('c1.c2');
    expect(turnPage(third, 'previous')).toEqual(second);
    expect(turnPage(second, 'previous')).toEqual({ city: '460100', pages: undefined });
    expect(turnPage(first, 'next', null)).toBe(first);
    expect(withFilter(third, 'type', 'REGULAR')).toEqual({ city: '460100', type: 'REGULAR', pages: undefined });
    expect(withFilter(third, 'city', '')).toEqual({ city: undefined, pages: undefined });
  });
});

describe('moving through the list', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it('finds the neighbours of a registration, and none past the ends', () => {
    expect(neighbour(ids, 'b', 1)).toBe('c');
    expect(neighbour(ids, 'b', -1)).toBe('a');
    expect(neighbour(ids, 'd', 1)).toBeUndefined();
    expect(neighbour(ids, 'a', -1)).toBeUndefined();
    expect(neighbour(ids, 'z', 1)).toBeUndefined();
  });

  it('after a decision opens the one that now stands where the decided one stood', () => {
    // Decided b: it left the queue, c is next.
    expect(nextAfterDecision(ids, ['a', 'c', 'd'], 'b')).toBe('c');
    // The last on the page decided: the next page's first has moved up into the page.
    expect(nextAfterDecision(ids, ['a', 'b', 'c', 'e'], 'd')).toBe('e');
    // Someone else decided a meanwhile: still the one after b.
    expect(nextAfterDecision(ids, ['c', 'd'], 'b')).toBe('c');
    // Still listed (a list by status): the one after it.
    expect(nextAfterDecision(ids, ids, 'b')).toBe('c');
    // Nothing left.
    expect(nextAfterDecision(['a'], [], 'a')).toBeUndefined();
    expect(nextAfterDecision(['a', 'b'], ['a'], 'b')).toBeUndefined();
  });
});
