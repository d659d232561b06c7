import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 128 random bits a link's token is made from. */
export const newNonce = (): Buffer => randomBytes(16);

/**
 * The token of a link: HMAC-SHA-256 of its nonce under the feedback key (256 bits, base64url,
 * 43 characters). The key is derived from the server's secret, never stored beside the nonces.
 */
export function tokenOf(key: Buffer, nonce: Buffer): string {
  return createHmac('sha256', key).update(nonce).digest('base64url');
}

/** What is stored and looked up: the token's SHA-256 in hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A string that can be a token at all (anything else is "unknown" without a query). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The feedback key from the server's secret: its own purpose, so it signs nothing else. */
export function feedbackKey(serverSecret: string): Buffer {
  return createHmac('sha256', serverSecret).update('cascade feedback links v1').digest();
}
