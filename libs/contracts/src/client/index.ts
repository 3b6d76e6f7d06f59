// Browser-safe: only `fetch`, web streams and WebSocket frames as strings and bytes; no Node
// built-ins. The console imports this too.
export { BerthApiError, CLIENT_ERROR_CODES, isBerthApiError } from './berth-api-error.js';
export { allPages } from './all-pages.js';
export { AuditClient } from './audit-client.js';
export { AuthClient } from './auth-client.js';
export { BenchmarksClient, type BenchmarkProgress } from './benchmarks-client.js';
export { BerthClient } from './berth-client.js';
export {
  containerSocketUrl,
  controlFrame,
  readSocketFrame,
  type ContainerSocketRequest,
  type SocketControlMessage,
  type SocketFrame,
  type TerminalSize,
} from './container-socket.js';
export type { ContainerListQuery, ContainerLogsQuery, ContainerStatsReading, LogRecord } from './container-streams.js';
export { ContainersClient } from './containers-client.js';
export { EventsClient, type EventsRequest, type EventStreamOptions } from './events-client.js';
export { ImagesClient, type BuildEvent, type TarBody, type TransferEvent } from './images-client.js';
export { NetworksClient } from './networks-client.js';
export { readSse, SseParser, type SseMessage } from './sse.js';
export { SystemClient } from './system-client.js';
export { TeamsClient } from './teams-client.js';
export { TokensClient } from './tokens-client.js';
export { RegistryCredentialsClient } from './registry-credentials-client.js';
export type { BerthClientOptions } from './transport.js';
export { VolumesClient } from './volumes-client.js';
