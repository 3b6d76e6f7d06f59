/** The route parameters that name what a call acts on, in the order they are looked for. */
const TARGET_PARAMS = ['id', 'name', 'ref', 'username', 'execId'];

/** What the call acted on: a named route parameter, else what the handler reported (a new resource's id). */
export function auditTargetOf(params: Record<string, unknown>, reported: unknown): string | null {
  for (const key of TARGET_PARAMS) {
    const value = params[key];
    if (typeof value === 'string' && value) return value;
    if (Array.isArray(value) && value.length) return value.join('/');
  }
  return typeof reported === 'string' && reported ? reported : null;
}
