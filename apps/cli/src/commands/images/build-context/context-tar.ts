import { tarStream, type TarEntry } from './tar-writer.js';

/**
 * The context as a web ReadableStream for fetch's request body. A file that cannot be read
 * mid-way fails the stream; `failure()` then says why, because fetch itself only reports
 * that the upload broke.
 */
export function contextBody(entries: readonly TarEntry[]): { body: ReadableStream<Uint8Array>; failure(): Error | undefined } {
  const chunks = tarStream(entries);
  let failed: Error | undefined;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        failed = error instanceof Error ? error : new Error(String(error));
        controller.error(failed);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return { body, failure: () => failed };
}
