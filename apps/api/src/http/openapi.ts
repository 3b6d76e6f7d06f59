import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_DOCS_PATH } from '@berth/contracts';
import type { RequestHandler } from 'express';
import { BERTH_VERSION } from '../version.js';

/**
 * The OpenAPI document at /api/docs-json and its UI at /api/docs, behind `gate` (which
 * create-app.ts makes from the access module: authenticated callers only).
 */
export function mountOpenApi(app: INestApplication, gate: RequestHandler): void {
  app.use([API_DOCS_PATH, `${API_DOCS_PATH}-json`], gate);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Berth API')
      .setDescription('Containers from namespaces, cgroups and overlay mounts. Errors are application/problem+json with a stable `code`.')
      .setVersion(BERTH_VERSION)
      .addBearerAuth()
      .addCookieAuth('berth_session')
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup(API_DOCS_PATH.slice(1), app, document, { jsonDocumentUrl: `${API_DOCS_PATH.slice(1)}-json` });
}
