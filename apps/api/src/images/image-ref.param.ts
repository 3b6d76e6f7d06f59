import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The `*ref` of an image route. Names have slashes (`127.0.0.1:5000/team/app:1`), which the
 * Docker CLI and people send unencoded, so image routes match the reference as a wildcard
 * over path segments; Express hands it over as the list of segments, joined back here.
 * `%2F`-encoded slashes work too.
 */
export const ImageRef = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<Request>().params['ref'] as string | string[] | undefined;
  return Array.isArray(value) ? value.join('/') : (value ?? '');
});
