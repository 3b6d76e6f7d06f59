import { ApiOkResponse } from '@nestjs/swagger';

/** A 200 whose body is not JSON (a Prometheus scrape, an HTML report, a tar archive, an event stream, JSON lines). */
export function ApiTextResponse(contentType: string, description: string, format?: 'binary'): MethodDecorator & ClassDecorator {
  return ApiOkResponse({ description, content: { [contentType]: { schema: { type: 'string', ...(format ? { format } : {}) } } } });
}
