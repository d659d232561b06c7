import {
  CODE_SYMBOLS,
  CROCKFORD_ALPHABET,
  generateCertificateCode,
  normalizeCertificateCode,
} from './certificate-code.js';

describe('certificate codes', () => {
  it('are 26 Crockford base32 symbols (130 bits) in groups of four', () => {
    const code = generateCertificateCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(code.replace(/-/g, '')).toHaveLength(CODE_SYMBOLS);
    expect(CODE_SYMBOLS * Math.log2(CROCKFORD_ALPHABET.length)).toBeGreaterThanOrEqual(128);
    expect(code.length).toBeLessThanOrEqual(32); // the column's length
  });

  it('never use I, L, O or U', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    const many = Array.from({ length: 200 }, () => generateCertificateCode()).join('');
    expect(many).not.toMatch(/[ILOU]/);
  });

  it('draw every symbol from the random source given', () => {
    expect(generateCertificateCode(() => 31)).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ');
    expect(generateCertificateCode(() => 0)).toBe('0000-0000-0000-0000-0000-0000-00');
  });

  it('differ each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => generateCertificateCode()));
    expect(codes.size).toBe(1000);
  });

  it.each([
    ['7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV', '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV'],
    ['7kq29f3mabcdefghjkmnpqrstv', '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV'],
    [' 7KQ2 9F3M ABCD EFGH JKMN PQRS TV ', '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TV'],
    ['OOOO-IIII-LLLL-0000-1111-2222-33', '0000-1111-1111-0000-1111-2222-33'],
  ])('read %p as %p', (typed, stored) => {
    expect(normalizeCertificateCode(typed)).toBe(stored);
  });

  it.each(['', 'KG', '7KQ2-9F3M', '7KQ2-9F3M-ABCD-EFGH-JKMN-PQRS-TVX', 'UUUU-9F3M-ABCD-EFGH-JKMN-PQRS-TV', '<script>'])(
    'refuse %p as a code',
    (typed) => {
      expect(normalizeCertificateCode(typed)).toBeNull();
    },
  );
});
