/** A `?saved=` notice's text key, when the value is one of ours. */
export const certificatesNotice = (saved?: string): string | null =>
  saved && /^[a-z_]+$/.test(saved) ? `web.certificates.saved_${saved}` : null;
