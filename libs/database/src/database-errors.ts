// Network errors from the driver, and SQLSTATE classes 08 (connection exception) and
// 57P (operator intervention: shutdown, crash, cannot connect now).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when an error means the database cannot be reached, as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: socket errors may come from another realm (a vm context under jest).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))) {
    return true;
  }
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError && driverError !== error && isDatabaseUnavailable(driverError)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    typeof message === 'string' ? message : '',
  );
}
