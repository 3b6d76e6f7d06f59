import { ValidateBy, type ValidationOptions } from 'class-validator';

export interface StringRecordLimits {
  maxEntries: number;
  maxKeyLength: number;
  maxValueLength: number;
}

const DEFAULT_LIMITS: StringRecordLimits = { maxEntries: 256, maxKeyLength: 255, maxValueLength: 4096 };

/**
 * A plain object of string values with non-empty keys, such as labels. Bounded, because it
 * is stored as given and returned in every listing.
 */
export function IsStringRecord(limits: StringRecordLimits = DEFAULT_LIMITS, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStringRecord',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= limits.maxEntries &&
            entries.every(
              ([key, entry]) => key.length > 0 && key.length <= limits.maxKeyLength && typeof entry === 'string' && entry.length <= limits.maxValueLength,
            )
          );
        },
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an object of at most ${limits.maxEntries} string values, keys of 1 to ${limits.maxKeyLength} characters and values of at most ${limits.maxValueLength}`,
      },
    },
    options,
  );
}
