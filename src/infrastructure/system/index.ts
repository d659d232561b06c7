/**
 * System: the data inventory job.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { DataInventoryService } from './data-inventory.service.js';
export { SystemModule } from './system.module.js';
