import { ConfigurationError, loadEnvironment } from './environment.js';

describe('loadEnvironment', () => {
  it('gives every variable its documented default', () => {
    expect({ ...loadEnvironment({}) }).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      EMBEDDED_PG_DIR: '.data/postgres',
      EMBEDDED_PG_PORT: 54329,
      LOG_LEVEL: 'info',
      LOG_PRETTY: false,
      BODY_LIMIT_BYTES: 1_048_576,
      IMPORT_MAX_BYTES: 20_971_520,
      IMPORT_JOB_ROW_THRESHOLD: 2_000,
      IMPORT_RETENTION_DAYS: 30,
      JWT_SECRET: undefined,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_DAYS: 30,
      INVITE_TTL_HOURS: 72,
      SIGN_IN_IP_LIMIT_PER_MINUTE: 20,
      COOKIE_SECURE: undefined,
      CORS_ORIGINS: undefined,
      TRUST_PROXY: false,
      ATTENDANCE_EDIT_DAYS: 7,
      SUPPRESSION_THRESHOLD: 5,
      EXPORT_RETENTION_DAYS: 7,
      MERGE_UNDO_DAYS: 30,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      QUEUE_NAMESPACE: 'bullmq',
      QUEUE_LOCK_DURATION_MS: 30_000,
      QUEUE_STALLED_INTERVAL_MS: 30_000,
      METRICS_TOKEN: undefined,
      METRICS_PORT: undefined,
      SMTP_URL: undefined,
      MAIL_FROM: 'Cascade <noreply@cascade.invalid>',
    });
  });

  it('takes the public address from HOST and PORT when it is not set', () => {
    expect(loadEnvironment({ PORT: '3501' }).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3501');
    expect(loadEnvironment({ HOST: '0.0.0.0' }).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadEnvironment({ PUBLIC_BASE_URL: 'https://cascade.example.org' }).PUBLIC_BASE_URL).toBe(
      'https://cascade.example.org',
    );
  });

  it('reads and converts set values, treating empty ones as unset', () => {
    const env = loadEnvironment({
      PORT: '8080',
      DATABASE_URL: 'postgres://cascade:secret@db:5432/cascade',
      REDIS_URL: 'redis://redis:6379',
      LOG_PRETTY: 'true',
      HOST: '',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://cascade:secret@db:5432/cascade',
      REDIS_URL: 'redis://redis:6379',
      LOG_PRETTY: true,
      HOST: '127.0.0.1',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Configuration error: PORT must be a whole number between 1 and 65535 (got "eighty").'],
    [
      { MERGE_UNDO_DAYS: '0' },
      'Configuration error: MERGE_UNDO_DAYS must be a number of days between 1 and 365 (got "0").',
    ],
    [{ PORT: '70000' }, 'Configuration error: PORT must be a whole number between 1 and 65535 (got "70000").'],
    [
      { DATABASE_URL: 'mysql://db/cascade' },
      'Configuration error: DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/cascade (got "mysql://db/cascade").',
    ],
    [
      { REDIS_URL: 'localhost:6379' },
      'Configuration error: REDIS_URL must be a Redis URL such as redis://host:6379 (got "localhost:6379").',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'Configuration error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").',
    ],
    [
      { JWT_SECRET: 'short' },
      'Configuration error: JWT_SECRET must be at least 32 random characters, e.g. from "openssl rand -base64 48" (got "(hidden)").',
    ],
    [
      { DATABASE_URL: 'mysql://cascade:s3cret@db/cascade' },
      'Configuration error: DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/cascade (got "mysql://cascade:***@db/cascade").',
    ],
    [
      { NODE_ENV: 'production' },
      'Configuration error: JWT_SECRET must be set in production: at least 32 random characters, e.g. from "openssl rand -base64 48" (it is not set).',
    ],
    [
      { CORS_ORIGINS: 'everyone' },
      'Configuration error: CORS_ORIGINS must be a comma-separated list of origins such as https://cascade.example.org (got "everyone").',
    ],
    [
      { PUBLIC_BASE_URL: 'cascade.example.org' },
      'Configuration error: PUBLIC_BASE_URL must be the public address of the site, such as https://cascade.example.org (got "cascade.example.org").',
    ],
    [
      { METRICS_TOKEN: 'letmein' },
      'Configuration error: METRICS_TOKEN must be at least 32 random characters (letters, digits, ._~+/=-), e.g. from "openssl rand -hex 32" (got "(hidden)").',
    ],
    [
      { METRICS_PORT: '9464' },
      'Configuration error: METRICS_TOKEN must be set when METRICS_PORT is: the metrics are served only to whoever sends it as a bearer token (it is not set).',
    ],
    [
      { SMTP_URL: 'mail.example.org:25' },
      'Configuration error: SMTP_URL must be an SMTP URL such as smtp://user:password@mail.example.org:587 (got "mail.example.org:25").',
    ],
    [
      { SMTP_URL: 'smtp://cascade:s3cret@mail example.org' },
      'Configuration error: SMTP_URL must be an SMTP URL such as smtp://user:password@mail.example.org:587 (got "smtp://cascade:***@mail example.org").',
    ],
    [
      { MAIL_FROM: 'Cascade' },
      'Configuration error: MAIL_FROM must be an e-mail address, or a name and an address such as Cascade <noreply@example.org> (got "Cascade").',
    ],
  ])('refuses %p with one line naming the variable', (env, message) => {
    expect(() => loadEnvironment(env)).toThrow(ConfigurationError);
    expect(() => loadEnvironment(env)).toThrow(message);
  });
});
