import { safeReturnTo, signInUrl } from './return-to.js';

describe('safeReturnTo', () => {
  it.each([
    ['/trainer/sessions/1?saved=1', '/trainer/sessions/1?saved=1'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/a b', '/'],
    ['/a\tb', '/'],
    ['/a\u0000', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/a'], '/'],
  ])('%p → %p', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });
});

describe('signInUrl', () => {
  it('comes back to the page, and only to this site', () => {
    expect(signInUrl('/trainer?x=1')).toBe('/sign-in?returnTo=%2Ftrainer%3Fx%3D1');
    expect(signInUrl('/')).toBe('/sign-in');
    expect(signInUrl('//evil.example')).toBe('/sign-in');
  });
});
