import { hashPassword, passwordProblem, verifyPassword } from './password-policy.js';

describe('passwordProblem', () => {
  const email = 'zarina.nazarova@example.org';

  it.each([
    ['short1234', 'too_short'],
    ['x'.repeat(129), 'too_long'],
    ['Zarina.Nazarova@Example.org', 'equals_email'],
    ['zarina.nazarova', 'equals_email'],
    ['Password1234', 'too_common'],
    ['ПАРОЛЬ123456', 'too_common'],
  ])('finds %p %s', (password, problem) => {
    expect(passwordProblem(password, email)).toBe(problem);
  });

  it('accepts a long passphrase, whatever its letters', () => {
    expect(passwordProblem('тоо арасында жашыл шалбаа', email)).toBeNull();
  });
});

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'anything')).resolves.toBe(false);
  });
});
