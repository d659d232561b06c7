import { RowBits } from './import-duplicates.js';

describe('RowBits', () => {
  it('keeps row numbers through base64, and no others', () => {
    const bits = RowBits.empty();
    for (const row of [2, 9, 100_001]) bits.add(row);
    const read = RowBits.fromBase64(bits.toBase64());
    expect([2, 9, 100_001].map((row) => read.has(row))).toEqual([true, true, true]);
    expect([1, 3, 8, 10, 100_000, 100_002, 5_000_000].some((row) => read.has(row))).toBe(false);
    expect(RowBits.fromBase64(RowBits.empty().toBase64()).has(2)).toBe(false);
  });
});
