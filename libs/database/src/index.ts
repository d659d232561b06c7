export * from './connection-pool.js';
export * from './csv-copy.js';
export * from './database-errors.js';
export * from './embedded-postgres.js';
export * from './migrations.js';
export * from './snake-naming.strategy.js';
