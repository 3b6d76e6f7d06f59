import { Transform } from 'class-transformer';

/** `since` / `until` as Docker takes them: RFC 3339 or unix seconds (fractions allowed). Unparseable stays a string, for @IsDate to name. */
export function QueryTime(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string' || value === '') return value;
    const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  });
}
