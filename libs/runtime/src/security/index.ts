export * from './capabilities.js';
export * from './default-paths.js';
export * from './sysctl.js';
