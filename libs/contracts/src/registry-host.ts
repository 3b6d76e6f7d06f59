/** Names Docker Hub answers to; logins for any of them are stored as `docker.io`, as references name it. */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * The registry host a login is stored under, the same string image references resolve to
 * (`parseName(ref).registry`): `https://Ghcr.io/v2/` → `ghcr.io`,
 * `https://index.docker.io/v1/` (what `docker login` sends by default) → `docker.io`.
 * Undefined when the text names no host.
 */
export function registryHostOf(input: string): string | undefined {
  const host = input
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  if (!HOST.test(host)) return undefined;
  return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host;
}
