/**
 * Whether a request's Accept header prefers an HTML page to JSON: a browser's does
 * (text/html first); an API client's (application/json, or * / *, or none) does not.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    if (!Number.isFinite(weight)) continue;
    const mediaType = type.trim();
    if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') html = Math.max(html, weight);
    if (mediaType === 'application/json') json = Math.max(json, weight);
  }
  return html > 0 && html > json;
}
