import type { MigrationInterface } from 'typeorm';

import { CreateCountries1795443756309 } from './1795443756309-CreateCountries.js';
import { CreateAccountsAndAuditLog1795444695336 } from './1795444695336-CreateAccountsAndAuditLog.js';

// Every migration in the order it was made; `npm run migration:generate` appends here.
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateCountries1795443756309,
  CreateAccountsAndAuditLog1795444695336,
];
