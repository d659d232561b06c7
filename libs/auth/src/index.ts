export * from './access.guard.js';
export * from './access.js';
export * from './auth-error-code.js';
export * from './auth-user.js';
export * from './decorators.js';
export * from './roles.js';
