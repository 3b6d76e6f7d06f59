import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_DOCS_PATH } from '@berth/contracts';
import type { RequestHandler } from 'express';
import { BERTH_VERSION } from '../version.js';
import { routeNameOf } from './route-name.js';

/**
 * The OpenAPI document at /api/docs-json and its UI at /api/docs, behind `gate` (which
 * create-app.ts makes from the access module: authenticated callers only).
 */
export function mountOpenApi(app: INestApplication, gate: RequestHandler): void {
  app.use([API_DOCS_PATH, `${API_DOCS_PATH}-json`], gate);
  SwaggerModule.setup(API_DOCS_PATH.slice(1), app, openApiDocument(app), { jsonDocumentUrl: `${API_DOCS_PATH.slice(1)}-json` });
}

/**
 * The application's OpenAPI document. Each operation's id is the route's name, as audit
 * records name it (`containers.start`, `images.list`): one stable name per route for
 * generated clients and for the audit log alike.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Berth API')
      .setDescription(
        'Containers from namespaces, cgroups and overlay mounts. Errors are application/problem+json with a stable `code`. ' +
          'Every list is one page `{items, total}` of `offset` and `limit`.',
      )
      .setVersion(BERTH_VERSION)
      .addBearerAuth()
      .addCookieAuth('berth_session')
      .addSecurityRequirements('bearer')
      .build(),
    { operationIdFactory: (controller, method) => routeNameOf({ name: controller }, { name: method }) },
  );
}
