/** Runs `task` over `items`, `concurrency` at a time; after a failure starts no more, and rejects with the first failure once the running ones end. */
export async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<unknown>, concurrency: number): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++]!;
      await task(item).catch((error: unknown) => (failure ??= error));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure !== undefined) throw failure;
}
