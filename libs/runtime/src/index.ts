// Node entry of the runtime. Browser code imports '@berth/runtime/model' instead.
export * from './model/index.js';
export { writeDefaultSpec } from './cli/spec-command.js';
