import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const REDIS_URL = /^rediss?:\/\/\S+$/;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * Every setting Cascade reads from the environment. Each property names its variable; the
 * README's table is written from this class, so keep the two in step.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'], { message: 'must be one of development, production, test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  PORT = 3000;

  @IsString()
  @MinLength(1, { message: 'must be a host name or address to listen on, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST = '127.0.0.1';

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/cascade' })
  DATABASE_URL?: string = undefined;

  @IsOptional()
  @Matches(REDIS_URL, { message: 'must be a Redis URL such as redis://host:6379' })
  REDIS_URL?: string = undefined;

  /** Keeps several Cascades (or parallel test files) on one database or Redis apart. */
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, {
    message: 'must be lowercase letters, digits and underscores, starting with a letter (at most 40)',
  })
  QUEUE_NAMESPACE = 'bullmq';

  /**
   * How long a worker's hold on a running job lasts without renewal (renewed at half of it): a job
   * whose worker died is taken back once it lapses. BullMQ's default; tests shorten it.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a number of milliseconds between 1000 and 3600000' })
  @Min(1000, { message: 'must be a number of milliseconds between 1000 and 3600000' })
  @Max(3_600_000, { message: 'must be a number of milliseconds between 1000 and 3600000' })
  QUEUE_LOCK_DURATION_MS = 30_000;

  /** How often a worker looks for running jobs whose hold lapsed (stalled), to run them again. */
  @Transform(toInt)
  @IsInt({ message: 'must be a number of milliseconds between 1000 and 3600000' })
  @Min(1000, { message: 'must be a number of milliseconds between 1000 and 3600000' })
  @Max(3_600_000, { message: 'must be a number of milliseconds between 1000 and 3600000' })
  QUEUE_STALLED_INTERVAL_MS = 30_000;

  @IsString()
  @MinLength(1, { message: 'must be a folder path' })
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1024 and 65535' })
  @Min(1024, { message: 'must be a whole number between 1024 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1024 and 65535' })
  EMBEDDED_PG_PORT = 54329;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  LOG_PRETTY = false;

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 random characters, e.g. from "openssl rand -base64 48"' })
  JWT_SECRET?: string = undefined;

  @Transform(toInt)
  @IsInt({ message: 'must be a number of seconds between 60 and 3600' })
  @Min(60, { message: 'must be a number of seconds between 60 and 3600' })
  @Max(3600, { message: 'must be a number of seconds between 60 and 3600' })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt({ message: 'must be a number of days between 1 and 365' })
  @Min(1, { message: 'must be a number of days between 1 and 365' })
  @Max(365, { message: 'must be a number of days between 1 and 365' })
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @IsInt({ message: 'must be a number of hours between 1 and 720' })
  @Min(1, { message: 'must be a number of hours between 1 and 720' })
  @Max(720, { message: 'must be a number of hours between 1 and 720' })
  INVITE_TTL_HOURS = 72;

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 10000' })
  @Min(1, { message: 'must be a whole number between 1 and 10000' })
  @Max(10_000, { message: 'must be a whole number between 1 and 10000' })
  SIGN_IN_IP_LIMIT_PER_MINUTE = 20;

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  COOKIE_SECURE?: boolean = undefined;

  @IsOptional()
  @Matches(/^https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*$/, {
    message: 'must be a comma-separated list of origins such as https://cascade.example.org',
  })
  CORS_ORIGINS?: string = undefined;

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt({ message: 'must be a number of days between 0 and 365' })
  @Min(0, { message: 'must be a number of days between 0 and 365' })
  @Max(365, { message: 'must be a number of days between 0 and 365' })
  ATTENDANCE_EDIT_DAYS = 7;

  /** In what donors see, a count from 1 to this is shown as "≤N", and a mean or rate of so few people is withheld. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 100' })
  @Min(1, { message: 'must be a whole number between 1 and 100' })
  @Max(100, { message: 'must be a whole number between 1 and 100' })
  SUPPRESSION_THRESHOLD = 5;

  /** Days a report export can be downloaded; after that it answers 410 and its stored file is deleted. */
  @Transform(toInt)
  @IsInt({ message: 'must be a number of days between 1 and 365' })
  @Min(1, { message: 'must be a number of days between 1 and 365' })
  @Max(365, { message: 'must be a number of days between 1 and 365' })
  EXPORT_RETENTION_DAYS = 7;

  /** Days during which a merge of duplicate trainees can be undone, restoring both records exactly. */
  @Transform(toInt)
  @IsInt({ message: 'must be a number of days between 1 and 365' })
  @Min(1, { message: 'must be a number of days between 1 and 365' })
  @Max(365, { message: 'must be a number of days between 1 and 365' })
  MERGE_UNDO_DAYS = 30;

  /**
   * Where the public reaches the site: certificate QR codes point to `${PUBLIC_BASE_URL}/verify/<code>`.
   * Unset, the API's own address (HOST and PORT).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'must be the public address of the site, such as https://cascade.example.org',
  })
  // Initialised so its variable is read; loadEnvironment fills it in when the variable is unset.
  PUBLIC_BASE_URL: string = undefined as unknown as string;

  @Transform(toInt)
  @IsInt({ message: 'must be a number of bytes between 1024 and 104857600' })
  @Min(1024, { message: 'must be a number of bytes between 1024 and 104857600' })
  @Max(104_857_600, { message: 'must be a number of bytes between 1024 and 104857600' })
  BODY_LIMIT_BYTES = 1_048_576;

  /** Largest CSV or XLSX file an import accepts; larger uploads get 413. */
  @Transform(toInt)
  @IsInt({ message: 'must be a number of bytes between 1024 and 104857600' })
  @Min(1024, { message: 'must be a number of bytes between 1024 and 104857600' })
  @Max(104_857_600, { message: 'must be a number of bytes between 1024 and 104857600' })
  IMPORT_MAX_BYTES = 20_971_520;

  /** An import of more data rows than this is checked and committed by a job (202), not in the request. */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 1000000' })
  @Min(1, { message: 'must be a whole number between 1 and 1000000' })
  @Max(1_000_000, { message: 'must be a whole number between 1 and 1000000' })
  IMPORT_JOB_ROW_THRESHOLD = 2_000;

  /**
   * Days an uploaded import is kept uncommitted (checked, invalid, or never confirmed); then a
   * worker job deletes it with its file. Committed imports keep their report and result.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a number of days between 1 and 365' })
  @Min(1, { message: 'must be a number of days between 1 and 365' })
  @Max(365, { message: 'must be a number of days between 1 and 365' })
  IMPORT_RETENTION_DAYS = 30;

  /**
   * The bearer token Prometheus sends to `GET /metrics` (and to the worker's metrics port).
   * Unset, the metrics are not served at all: `/metrics` answers 404.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._~+/=-]{32,}$/, {
    message: 'must be at least 32 random characters (letters, digits, ._~+/=-), e.g. from "openssl rand -hex 32"',
  })
  METRICS_TOKEN?: string = undefined;

  /** The port the worker serves its own `/metrics` on (job durations and failures); unset, it serves none. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  METRICS_PORT?: number = undefined;

  /**
   * The mail server e-mails go through, e.g. smtp://user:password@mail.example.org:587 (smtps:// for
   * TLS from the start). Unset, nothing is sent: every message waits in the outbox admins read.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an SMTP URL such as smtp://user:password@mail.example.org:587' })
  SMTP_URL?: string = undefined;

  /** The sender of every e-mail, an address or "Name <address>". */
  @Matches(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
    message: 'must be an e-mail address, or a name and an address such as Cascade <noreply@example.org>',
  })
  MAIL_FROM = 'Cascade <noreply@cascade.invalid>';
}

export type Environment = Readonly<EnvironmentVariables>;

/** Thrown for a bad environment; its message is the one line the process prints before exiting. */
export class ConfigurationError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
    value: unknown,
  ) {
    super(
      `Configuration error: ${variable} ${detail}` +
        (value === undefined ? ' (it is not set).' : ` (got ${JSON.stringify(value)}).`),
    );
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the environment; the first bad variable raises a ConfigurationError. */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const name of known) {
    const value = source[name];
    // An empty variable counts as unset, as shells and compose files often leave them so.
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const environment = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const [first] = validateSync(environment, { skipMissingProperties: false, forbidUnknownValues: true });
  if (first) throw toConfigurationError(first, raw);
  if (environment.NODE_ENV === 'production' && !environment.JWT_SECRET) {
    throw new ConfigurationError(
      'JWT_SECRET',
      'must be set in production: at least 32 random characters, e.g. from "openssl rand -base64 48"',
      undefined,
    );
  }
  if (environment.METRICS_PORT !== undefined && !environment.METRICS_TOKEN) {
    throw new ConfigurationError(
      'METRICS_TOKEN',
      'must be set when METRICS_PORT is: the metrics are served only to whoever sends it as a bearer token',
      undefined,
    );
  }
  environment.PUBLIC_BASE_URL ??= `http://${environment.HOST === '0.0.0.0' ? 'localhost' : environment.HOST}:${environment.PORT}`;
  return Object.freeze(environment);
}

function toConfigurationError(error: ValidationError, raw: Record<string, string>): ConfigurationError {
  const detail = Object.values(error.constraints ?? {})[0] ?? 'is not valid';
  return new ConfigurationError(error.property, detail, shownValue(error.property, raw[error.property]));
}

/** The value as it may appear in a log line: secrets hidden, passwords in URLs masked. */
function shownValue(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/SECRET|PASSWORD|_TOKEN$/.test(variable)) return '(hidden)';
  return value.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
