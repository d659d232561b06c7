export * from './job-status.js';
export * from './jobs.js';
export * from './queue.module.js';
export * from './queue-connection.js';
export * from './queue-readiness.js';
