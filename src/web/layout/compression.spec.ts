import { acceptsGzip } from './compression.js';

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    [undefined, false],
  ])('Accept-Encoding %p → %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
