// Network errors from the driver, and SQLSTATE classes 08 (connection exception) and
// 57P (operator intervention: shutdown, crash, cannot connect now).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when an error means the database cannot be reached, as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))) {
    return true;
  }
  const driverError = (error as { driverError?: unknown }).driverError;
  if (driverError && driverError !== error && isDatabaseUnavailable(driverError)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}
