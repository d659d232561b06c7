import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * The pg pool under a TypeORM data source, for the hot statements that go straight to it: a named
 * (prepared) statement skips the query builder and is parsed and planned once per connection.
 */
export function connectionPool(dataSource: DataSource): Pool {
  return (dataSource.driver as PostgresDriver).master as Pool;
}
