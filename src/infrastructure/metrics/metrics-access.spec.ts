import { metricsAccess } from './metrics-access.js';

const METRICS_TOKEN = 'a-token-of-at-least-thirty-two-characters';

describe('metricsAccess', () => {
  it('serves nobody while no token is configured, whatever the request carries', () => {
    expect(metricsAccess({ METRICS_TOKEN: undefined }, `Bearer ${METRICS_TOKEN}`)).toBe('disabled');
    expect(metricsAccess({ METRICS_TOKEN: undefined }, undefined)).toBe('disabled');
  });

  it.each([
    ['no header', undefined],
    ['the token without the Bearer scheme', METRICS_TOKEN],
    ['another token', 'Bearer a-token-of-at-least-thirty-two-characterz'],
    ['a prefix of the token', `Bearer ${METRICS_TOKEN.slice(0, 10)}`],
    ['the token with more after it', `Bearer ${METRICS_TOKEN}x`],
    ['two headers', [`Bearer ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}`]],
  ])('denies %s', (_, header) => {
    expect(metricsAccess({ METRICS_TOKEN }, header)).toBe('denied');
  });

  it('allows the configured token as a bearer token, the scheme in any case', () => {
    expect(metricsAccess({ METRICS_TOKEN }, `Bearer ${METRICS_TOKEN}`)).toBe('allowed');
    expect(metricsAccess({ METRICS_TOKEN }, `bearer ${METRICS_TOKEN}`)).toBe('allowed');
  });
});
