/**
 * Prisma hands `contains` and `startsWith` values to SQL LIKE unescaped, so `_` and `%`
 * in user input would act as wildcards (`a_b` would match `axb`). Repositories pass such
 * values through this first; `\` is PostgreSQL's default LIKE escape.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}
