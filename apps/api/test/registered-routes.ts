import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ACCESS_RULE, type AccessRule } from '../src/auth/access-rule.js';
import { routeNameOf } from '../src/http/route-name.js';

export interface RegisteredRoute {
  method: string;
  /** Express syntax, as mounted: `/api/v1/containers/:id/start`, `/api/v1/images/*ref`. */
  path: string;
  action: string;
  rule: AccessRule | undefined;
}

// Nest's own metadata keys (@nestjs/common constants) and RouterModule's per-app module prefix.
const PATH = 'path';
const METHOD = 'method';
const MODULE_PATH = '__module_path__';

/**
 * Every route the application registered, read from the same decorator metadata Nest routes
 * by — so a test built on it covers a route the day it is added.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const modules = app.get(ModulesContainer);
  const routes: RegisteredRoute[] = [];
  for (const module of modules.values()) {
    const prefix = (Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ??
      Reflect.getMetadata(MODULE_PATH, module.metatype) ??
      '') as string;
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH, controller) as string | string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD, handler) as RequestMethod];
        const rule = (Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller)) as AccessRule | undefined;
        for (const controllerPath of [base].flat())
          for (const path of [paths].flat()) {
            routes.push({ method, path: join(prefix, controllerPath, path), action: routeNameOf(controller, handler as { name: string }), rule });
          }
      }
    }
  }
  return routes;
}

function join(...parts: string[]): string {
  const path = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}

/** A concrete URL for a route: every parameter filled with a name nothing has. */
export function urlOf(route: RegisteredRoute, filler = 'no-such-thing'): string {
  return route.path
    .replace(/:[A-Za-z_]\w*/g, filler)
    .replace(/\*[A-Za-z_]\w*/g, filler)
    .replace(/\{\*[A-Za-z_]\w*\}/g, filler);
}
