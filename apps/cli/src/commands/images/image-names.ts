/**
 * `busybox:latest` → [`busybox`, `latest`]; `127.0.0.1:5000/app:1` → [`127.0.0.1:5000/app`, `1`]:
 * the tag is after the last colon that follows the last slash (a registry port is not a tag).
 */
export function splitRepoTag(reference: string): [repository: string, tag: string] {
  const at = reference.indexOf('@');
  if (at !== -1) return [reference.slice(0, at), '<none>'];
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) return [reference.slice(0, colon), reference.slice(colon + 1)];
  return [reference, '<none>'];
}
