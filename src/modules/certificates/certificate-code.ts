import { randomInt } from 'node:crypto';

/** Crockford's base32: the digits and the letters without I, L, O and U, which are misread. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 26 symbols of 5 bits: 130 random bits, beyond guessing. */
export const CODE_SYMBOLS = 26;

const GROUP = 4;

const grouped = (symbols: string): string => symbols.match(new RegExp(`.{1,${GROUP}}`, 'g'))?.join('-') ?? '';

/**
 * A new certificate code, e.g. `7KQ2-9F3M-…-XY`: 26 random symbols in groups of four, short
 * enough to read out on the phone and to type from the paper.
 */
export function generateCertificateCode(random: (max: number) => number = randomInt): string {
  let symbols = '';
  for (let i = 0; i < CODE_SYMBOLS; i++) symbols += CROCKFORD_ALPHABET[random(CROCKFORD_ALPHABET.length)];
  return grouped(symbols);
}

/**
 * A code as a person typed it, in the stored form: case, spaces and hyphens do not matter, and
 * I and L are read as 1, O as 0 (Crockford's decoding rules). Null when it cannot be a code.
 */
export function normalizeCertificateCode(input: string): string | null {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (symbols.length !== CODE_SYMBOLS || [...symbols].some((c) => !CROCKFORD_ALPHABET.includes(c))) return null;
  return grouped(symbols);
}
