import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsOptional, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { QueryBoolean } from './query-boolean.js';

class FlagQuery {
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  force?: boolean;
}

function read(query: Record<string, string>): { force: unknown; refused: string[] } {
  const instance = plainToInstance(FlagQuery, query);
  return { force: instance.force, refused: validateSync(instance).map((error) => error.property) };
}

describe('QueryBoolean', () => {
  it('reads true, 1 and a bare flag as true', () => {
    for (const text of ['true', '1', '']) expect(read({ force: text })).toEqual({ force: true, refused: [] });
  });

  it('reads false and 0 as false', () => {
    for (const text of ['false', '0']) expect(read({ force: text })).toEqual({ force: false, refused: [] });
  });

  it('leaves anything else for @IsBoolean to refuse by name', () => {
    for (const text of ['yes', 'TRUE', 'on']) expect(read({ force: text })).toEqual({ force: text, refused: ['force'] });
  });

  it('leaves an absent flag absent', () => {
    expect(read({})).toEqual({ force: undefined, refused: [] });
  });
});
