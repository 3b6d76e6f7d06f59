import { applyDecorators } from '@nestjs/common';
import { ApiDefaultResponse, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';
import { ProblemDocumentDto } from './problem-document.dto.js';

/** The error statuses a route documents, each with the codes it answers with. */
export type ProblemStatuses = Partial<Record<400 | 401 | 403 | 404 | 408 | 409 | 413 | 422 | 429 | 500 | 502 | 503, string>>;

/** What any route may answer besides its own refusals. */
const ANY_ROUTE =
  'Any other error, as a problem document: 401 without valid credentials, 403 ROLE_REQUIRED below the route’s role (or CSRF_REQUIRED), ' +
  '503 DATABASE_UNAVAILABLE, 500 INTERNAL.';

/**
 * The problem document (RFC 9457, `application/problem+json`) for a route's error statuses,
 * each described by the codes it carries, and as the `default` answer for every other
 * error. Every route has it; the OpenAPI contract spec fails for one without.
 */
export function ApiProblems(statuses: ProblemStatuses = {}): MethodDecorator & ClassDecorator {
  const content = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocumentDto) } } };
  return applyDecorators(
    ApiExtraModels(ProblemDocumentDto),
    ...Object.entries(statuses).map(([status, description]) => ApiResponse({ status: Number(status), description, content })),
    ApiDefaultResponse({ description: ANY_ROUTE, content }),
  );
}
