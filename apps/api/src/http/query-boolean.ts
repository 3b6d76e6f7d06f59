import { Transform } from 'class-transformer';

/**
 * The one reading of a boolean in a query string, for every route: `true`/`1` and a bare
 * `?flag` are true, `false`/`0` false. Anything else is left as it is, so that @IsBoolean
 * refuses it with a 400 that names the field.
 */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === '' || value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });
}
