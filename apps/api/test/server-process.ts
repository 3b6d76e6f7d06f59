// The API's process specs start the built server through the shared harness, as the CLI's
// tests, the console's end-to-end tests and the benchmarks do.
export { API_MAIN as MAIN, freePort, launchServer, processesUsing, untilListening, type ServerProcess } from '@berth/testing';
