import type { DataSourceOptions } from 'typeorm';

import { SnakeNamingStrategy } from '@cascade/database';

import { MIGRATIONS } from '../migrations/index.js';
import { Country } from './modules/countries/country.entity.js';

/** Every entity, listed rather than globbed so the app, the CLI and jest load the same set. */
export const ENTITIES = [Country];

/** The one DataSource definition: the app, the migration CLI and the tests all build from it. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    applicationName: 'cascade',
    extra: { max: 10, connectionTimeoutMillis: 5_000 },
  };
}
