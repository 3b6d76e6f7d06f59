import type { Params } from 'nestjs-pino';

/**
 * One JSON line per request (method, path, status, duration) and nothing secret:
 * headers, and with them bearer tokens, are not logged.
 */
export function requestLoggerOptions(level: string): Params {
  return {
    pinoHttp: {
      level,
      quietReqLogger: true,
      serializers: {
        req: (request: { method: string; url: string; id: unknown }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}
