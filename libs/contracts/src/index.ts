export * from './api-paths.js';
export * from './health.js';
export * from './problem.js';
export * from './system-info.js';
export * from './configuration.js';
export * from './events.js';
