import { prefersHtml } from './content-negotiation.js';

describe('prefersHtml', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['text/html', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.5, application/json', false],
    ['text/html, application/json', false],
    ['text/html;q=0', false],
    ['application/xhtml+xml', true],
    ['TEXT/HTML', true],
  ])('Accept %p → %p', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });
});
