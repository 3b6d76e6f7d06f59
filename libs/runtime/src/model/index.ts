// Browser-safe: no Node built-ins here. The console imports this entry.
export * from './container-status.js';
export * from './default-capabilities.js';
export * from './limits.js';
export * from './oci-spec.js';
export * from './runtime-error.js';
export * from './signals.js';
export * from './host-tool.js';
