/**
 * Reports: country progress, the cascade, and their exports.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { ExportsService } from './exports.service.js';
export { ReportsModule } from './reports.module.js';
export { ReportsService } from './reports.service.js';
