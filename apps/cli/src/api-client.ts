import { isProblemDetails } from '@berth/contracts';

/** Where the CLI finds Berth and how it proves who it is (README: BERTH_URL, BERTH_TOKEN). */
export interface ClientOptions {
  url: string;
  token: string | undefined;
}

export function clientOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientOptions {
  return { url: (env['BERTH_URL'] || 'http://127.0.0.1:8080').replace(/\/+$/, ''), token: env['BERTH_TOKEN'] || undefined };
}

/** A failure the CLI prints as `berth: <code>: <detail>`, taken from the server's problem+json when it sent one. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(options: ClientOptions, path: string, { acceptStatuses = [] as number[] } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${options.url}${path}`, {
      headers: { accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    });
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new CliError('UNREACHABLE', `cannot reach Berth at ${options.url} (${reason}); start it with \`npm start\` or set BERTH_URL`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok || acceptStatuses.includes(response.status)) return body as T;
  if (isProblemDetails(body)) throw new CliError(body.code, body.detail);
  throw new CliError(`HTTP_${response.status}`, `${path} answered ${response.status} ${response.statusText}`);
}
