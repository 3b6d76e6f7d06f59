export { startBerthServer, type BerthServer, type BerthServerOptions } from './berth-server.js';
export { freePort } from './free-port.js';
export { API_MAIN, lastWords, launchServer, processesUsing, stopServer, untilListening, type ServerProcess } from './server-process.js';
