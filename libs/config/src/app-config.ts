import type { Environment } from './environment.js';

/**
 * What the running process is configured with: the validated environment plus the database
 * it resolved (the external DATABASE_URL, or the embedded PostgreSQL it started).
 */
export interface AppConfig {
  readonly env: Environment;
  readonly databaseUrl: string;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
