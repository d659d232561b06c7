import type { DataSourceOptions } from 'typeorm';

import { SnakeNamingStrategy } from '@cascade/database';

import { MIGRATIONS } from '../migrations/index.js';
import { AuditSubscriber } from './modules/audit/audit.subscriber.js';
import { AuditLogEntry } from './modules/audit/audit-log-entry.entity.js';
import { RefreshToken } from './modules/auth/refresh-token.entity.js';
import { SignInThrottle } from './modules/auth/sign-in-throttle.entity.js';
import { Country } from './modules/countries/country.entity.js';
import { Organization } from './modules/reference/organization.entity.js';
import { Region } from './modules/reference/region.entity.js';
import { Invitation } from './modules/users/invitation.entity.js';
import { User } from './modules/users/user.entity.js';

/** Every entity, listed rather than globbed so the app, the CLI and jest load the same set. */
export const ENTITIES = [AuditLogEntry, Country, Region, Organization, User, Invitation, RefreshToken, SignInThrottle];

/** The one DataSource definition: the app, the migration CLI and the tests all build from it. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [AuditSubscriber],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    applicationName: 'cascade',
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto',
    // Extensions are created by migrations, never by the app at connect time.
    installExtensions: false,
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
