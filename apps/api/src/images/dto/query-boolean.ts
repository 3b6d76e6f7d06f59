import { Transform } from 'class-transformer';

/**
 * Query strings carry text: `true`/`1` and `false`/`0` become booleans, anything else is left
 * as it is for @IsBoolean to refuse with a 400 that names the field.
 */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });
}
