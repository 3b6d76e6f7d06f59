import { Transform } from 'class-transformer';

/**
 * Reads a query flag the way Docker's API does: `true`/`1` and a bare `?flag` are true,
 * `false`/`0` false. Anything else is left as it is, so that @IsBoolean names the field.
 */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === '' || value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });
}
