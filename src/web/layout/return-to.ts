/** Where a page may send the user back to: a path of this site, never another site. */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return fallback;
  // One leading slash, then no second slash or backslash (//evil.example and /\evil.example leave the site),
  // and no control characters or spaces browsers would strip to the same effect.
  if (!/^\/(?![/\\])/.test(value) || /[\\\s]/.test(value) || hasControlCharacter(value)) return fallback;
  return value;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInUrl(path: string): string {
  const back = safeReturnTo(path, '');
  return back && back !== '/' ? `/sign-in?returnTo=${encodeURIComponent(back)}` : '/sign-in';
}

function hasControlCharacter(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
