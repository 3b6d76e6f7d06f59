import { createServer } from 'node:net';
import { StartupError } from './startup-error.js';

/**
 * Fails fast, before PostgreSQL is started, when the port is taken, so the common
 * mistake costs nothing to undo. listen() still handles the race where the port is
 * taken after the probe.
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portError(host, port, error)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function portError(host: string, port: number, error: NodeJS.ErrnoException): StartupError {
  if (error.code === 'EADDRINUSE') {
    return new StartupError('PORT_IN_USE', `port ${port} on ${host} is already in use; stop what uses it, or set BERTH_PORT to a free port`, { cause: error });
  }
  if (error.code === 'EACCES') {
    return new StartupError('PORT_FORBIDDEN', `not allowed to listen on port ${port} on ${host}; choose a port above 1023 with BERTH_PORT`, { cause: error });
  }
  if (error.code === 'EADDRNOTAVAIL') {
    return new StartupError('INVALID_CONFIG', `${host} is not an address of this machine; set BERTH_HOST to one (for example 127.0.0.1)`, { cause: error });
  }
  return new StartupError('LISTEN_FAILED', `cannot listen on ${host}:${port} (${error.code ?? error.message})`, { cause: error });
}
