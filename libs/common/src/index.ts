export * from './all-exceptions.filter.js';
export * from './app.exception.js';
export * from './error-codes.js';
export * from './error-response.dto.js';
export * from './request-context.js';
export * from './request-locale.decorator.js';
export * from './validation.js';
