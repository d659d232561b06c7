import { argon2id, hash, verify } from 'argon2';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// The commonest passwords of twelve or more characters in public breach lists, lower-cased.
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '111111111111',
  '000000000000',
  '123123123123',
  'qwertyuiopas',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'q1w2e3r4t5y6',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password1234!',
  'p@ssw0rd1234',
  'qwerty123456',
  'qwertyqwerty',
  'asdfghjkl123',
  'zxcvbnm12345',
  'iloveyou1234',
  'welcome12345',
  'administrator',
  'admin1234567',
  'letmein12345',
  'abc123456789',
  'abcdefghijkl',
  'monkey123456',
  'football1234',
  'baseball1234',
  'superman1234',
  'trustno1trustno1',
  'sunshine1234',
  'princess1234',
  'changeme1234',
  'changemenow!',
  'default12345',
  'passw0rd1234',
  'iloveyouiloveyou',
  'qazwsxedcrfv',
  'йцукенгшщзхъ',
  'пароль123456',
  'парольпароль',
  'ytrewq654321',
  'zaq12wsxcde3',
  'qwerty1234567',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'equals_email' | 'too_common';

/** What is wrong with a new password, if anything: length, the email itself, a common password. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'too_long';
  const folded = password.normalize('NFKC').toLowerCase();
  if (folded === email.toLowerCase() || folded === email.toLowerCase().split('@')[0]) return 'equals_email';
  if (COMMON.has(folded)) return 'too_common';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { type: argon2id });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}
