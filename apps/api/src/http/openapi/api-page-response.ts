import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * The 200 answer of a list: one page of the envelope every list shares (`Page<T>` in
 * @berth/contracts), `items` of `item`'s schema and the `total` before paging.
 */
export function ApiPageResponse(item: Type<unknown>, description?: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'total'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer', minimum: 0, description: 'How many match, before offset and limit.' },
        },
      },
    }),
  );
}
