/**
 * Serializes read-modify-write changes to host network state within this process. Bridges and
 * the firewall are checked then changed (is the port free? does the bridge exist?); two such
 * changes interleaving would both pass the check. Other processes are not covered: the API is
 * the one writer, and the kernel refuses what truly collides (a second link of one name).
 */
let tail: Promise<unknown> = Promise.resolve();

export function serialized<T>(work: () => Promise<T>): Promise<T> {
  const run = tail.then(work, work);
  // The next caller waits for this one to settle, whatever its outcome.
  tail = run.catch(() => undefined);
  return run;
}
