import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { Authenticator } from './access/authenticator.service.js';
import { requireAuthentication } from './access/require-authentication.js';
import type { AppContext } from './app-context.js';
import { AppModule } from './app.module.js';
import { consoleMiddleware } from './http/console-static.js';
import { mountOpenApi } from './http/openapi.js';

/**
 * Builds the whole HTTP application on a database that is already migrated; main.ts
 * and the end-to-end tests share it, so tests exercise exactly what runs.
 */
export async function createApp(context: AppContext): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(context), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  mountOpenApi(app, requireAuthentication(app.get(Authenticator)));
  app.use(...consoleMiddleware(context.config.consoleDir));
  await app.init();
  return app;
}
