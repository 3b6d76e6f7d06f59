import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { addressIsOpen, hostIsAllowed, type RegistryAllowList } from '../../util/address-ranges.js';

/**
 * A connection the registry client tried and the policy refused: a redirect, a token realm
 * or an upload Location pointing at a loopback, link-local or private address, or a name
 * that resolved to one (DNS rebinding included, since the check is made on the address the
 * socket is about to use).
 */
export class RegistryEgressRefused extends Error {
  readonly code = 'HOST_ACCESS_DENIED';

  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a loopback, link-local or private address`);
  }
}

/**
 * The dispatcher for one operator's pull or push: every connection the client opens — the
 * registry, where it redirects, its token service, its upload locations — is checked at
 * connect time against the allow-list; a refused one fails with RegistryEgressRefused.
 */
export function guardedRegistryDispatcher(allow: RegistryAllowList): Dispatcher {
  const open = buildConnector({});
  const checked = buildConnector({ lookup: checkedLookup(allow) } as buildConnector.BuildOptions);
  return new Agent({
    connect: (options, callback) => {
      const hostname = options.hostname.replace(/^\[|\]$/g, '');
      const host = options.port ? `${hostname}:${options.port}` : hostname;
      if (hostIsAllowed(host, allow)) return open(options, callback);
      // A literal address is never looked up, so it is checked here.
      if (isIP(hostname) !== 0 && !addressIsOpen(hostname, allow)) return callback(new RegistryEgressRefused(host, hostname), null);
      return checked(options, callback);
    },
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses when any address of the name is closed, before the socket connects. */
function checkedLookup(allow: RegistryAllowList) {
  return (hostname: string, options: LookupAllOptions | { all?: boolean; family?: number }, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const closed = addresses.find((entry) => !addressIsOpen(entry.address, allow));
      if (closed) return callback(new RegistryEgressRefused(hostname, closed.address) as NodeJS.ErrnoException, []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The refusal somewhere in an error's cause chain (the registry client wraps fetch's, which wraps ours). */
export function egressRefusalIn(error: unknown): RegistryEgressRefused | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof RegistryEgressRefused) return current;
  }
  return undefined;
}
