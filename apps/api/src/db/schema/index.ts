export * from './catalog.js';
export * from './events.js';
export * from './mail-outbox.js';
export * from './orders.js';
export * from './sessions.js';
export * from './users.js';
