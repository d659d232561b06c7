import { containsPattern } from './like-pattern.js';

describe('containsPattern', () => {
  it('wraps the text in % and escapes the characters LIKE would read as wildcards', () => {
    expect(containsPattern('Ош')).toBe('%Ош%');
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});
