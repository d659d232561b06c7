/**
 * Imports: registry files checked and committed in the worker.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { ImportsModule } from './imports.module.js';
export { ImportsService } from './imports.service.js';
