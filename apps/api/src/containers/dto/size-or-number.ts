import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A size or count given as a number or a string such as `512m` or `1.5`; the service parses it. */
export function IsSizeOrNumber(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSizeOrNumber',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length > 0 && value.length <= 32),
        defaultMessage: () => '$property must be a number or a string such as 512m or 1.5',
      },
    },
    options,
  );
}
