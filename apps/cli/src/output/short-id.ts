/** The 12 hex digits people use for an id or digest, as docker shows them (`sha256:` dropped). */
export const SHORT_ID_LENGTH = 12;

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, SHORT_ID_LENGTH);
}
