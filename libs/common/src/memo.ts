/**
 * A pure function of one string, remembered: names repeat their letters and words many thousand
 * times in an import, and each is worked out once. At most `limit` answers are kept; past it the
 * memory starts again, so no input can grow it without end.
 */
export function memoized<T>(compute: (input: string) => T, limit = 50_000): (input: string) => T {
  let known = new Map<string, T>();
  return (input) => {
    const found = known.get(input);
    if (found !== undefined || known.has(input)) return found as T;
    const value = compute(input);
    if (known.size >= limit) known = new Map();
    known.set(input, value);
    return value;
  };
}
