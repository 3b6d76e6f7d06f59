import type { RegistryLoginVerifier } from '../registry-credentials/registry-login-verifier.js';
import { registryHostOf } from '@berth/contracts';
import { DockerError } from './docker-errors.js';
import type { DockerRoutes } from './docker-router.js';

interface AuthBody {
  username?: unknown;
  password?: unknown;
  serveraddress?: unknown;
}

/**
 * `POST /auth` (`docker login` asks the daemon to check a login): verified against the registry
 * as `berth login` does, answered as dockerd answers. Like dockerd it stores nothing: the
 * docker CLI keeps the login in its own config and sends it with each pull and push.
 */
export function registryLoginRoute(routes: DockerRoutes, verifier: RegistryLoginVerifier): void {
  routes.add('post', '/auth', 'viewer', async ({ principal, request, response }) => {
    const body = (request.body ?? {}) as AuthBody;
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    // No address: Docker Hub, as the CLI's default says.
    const registry = registryHostOf(typeof body.serveraddress === 'string' && body.serveraddress ? body.serveraddress : 'docker.io');
    if (!registry) throw new DockerError(400, `serveraddress ${String(body.serveraddress)} is not a registry host`);
    if (!username || !password) throw new DockerError(400, 'username and password are required');
    try {
      await verifier.verify(principal, registry, { username, password });
    } catch (error) {
      throw refusedLogin(error);
    }
    response.json({ Status: 'Login Succeeded', IdentityToken: '' });
  });
}

/** The registry's refusal is a 401 for the CLI to print, as dockerd's is; any other failure keeps its own status. */
function refusedLogin(error: unknown): unknown {
  const response = (error as { getResponse?: () => unknown }).getResponse?.() as { code?: string; detail?: string } | undefined;
  if (response?.code === 'REGISTRY_AUTH_FAILED') return new DockerError(401, `REGISTRY_AUTH_FAILED: ${response.detail ?? 'login refused'}`);
  return error;
}
