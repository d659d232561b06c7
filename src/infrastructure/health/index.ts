/**
 * Health: the liveness and readiness checks.
 * The feature's public face: other features import from this file only, never its other files.
 */
export { HealthModule } from './health.module.js';
