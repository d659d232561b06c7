import { memoized } from './memo.js';

describe('memoized', () => {
  it('works each input out once, remembers undefined answers too, and starts again past its limit', () => {
    const asked: string[] = [];
    const length = memoized((word) => {
      asked.push(word);
      return word === 'none' ? undefined : word.length;
    }, 2);
    expect([length('ab'), length('ab'), length('none'), length('none')]).toEqual([2, 2, undefined, undefined]);
    expect(asked).toEqual(['ab', 'none']);
    // Full: the third input starts a new memory, which forgets 'ab'.
    expect(length('abc')).toBe(3);
    expect(length('ab')).toBe(2);
    expect(asked).toEqual(['ab', 'none', 'abc', 'ab']);
  });
});
