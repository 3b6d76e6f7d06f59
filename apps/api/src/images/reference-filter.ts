import { familiarName, parseImageReference } from '@berth/images';

/**
 * `docker images --filter reference=PATTERN`: a glob where `*` stays within one path
 * component and `?` is one character, matched against the name with and without its tag,
 * familiar (`busybox:latest`, `busybox`) or canonical (`docker.io/library/busybox`).
 */
export function referenceMatcher(pattern: string): (name: string) => boolean {
  const source = [...pattern].map((char) => (char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  const glob = new RegExp(`^${source}$`);
  return (name) => {
    const reference = parseImageReference(name);
    const bare = { ...reference, tag: undefined, digest: undefined };
    const canonicalRepository = `${reference.registry}/${reference.repository}`;
    return [familiarName(reference), familiarName(bare), name, canonicalRepository].some((candidate) => glob.test(candidate));
  };
}
