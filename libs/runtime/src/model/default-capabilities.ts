/**
 * The capabilities Docker grants a non-privileged container. Berth starts from the same set so
 * an image that works under Docker works here; anything more is an explicit `add`. Plain data
 * in the browser-safe model, so the API's host-access policy (and a form) can name the set
 * without loading the runtime; `security/capabilities.ts` builds the capability sets from it.
 */
// prettier-ignore
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];
