export * from './analytics.js';
export * from './audit.js';
export * from './auth.js';
export * from './catalog.js';
export * from './errors.js';
export * from './orders.js';
export * from './pagination.js';
export * from './users.js';
