import type { BerthApiError } from '@berth/contracts';
import { ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';
import { singleFileTar } from '../single-file-tar';

/** A downloaded path: the tar as a blob, and the name to save it under. */
export interface DownloadedArchive {
  blob: Blob;
  filename: string;
}

/**
 * Copying to and from a container in the console: a path as a tar to download, and one file
 * uploaded into a directory (sent as a one-file tar). One operation at a time; the last
 * error is kept for the panel to show.
 */
export function useContainerFiles(containerId: () => string) {
  const busy = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const done = ref('');

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    done.value = '';
    try {
      return await work();
    } catch (caught) {
      error.value = toBerthApiError(caught);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  function download(path: string): Promise<DownloadedArchive | undefined> {
    return run(async () => {
      const { stat, body } = await berth.containers.archive(containerId(), path);
      const blob = await new Response(body).blob();
      done.value = `Downloaded ${path} (${blob.size} bytes of tar)`;
      return { blob, filename: `${stat.name === '/' ? 'root' : stat.name}.tar` };
    });
  }

  function upload(directory: string, file: File): Promise<boolean | undefined> {
    return run(async () => {
      const tar = singleFileTar(file.name, new Uint8Array(await file.arrayBuffer()), { mtime: new Date(file.lastModified) });
      await berth.containers.extract(containerId(), directory, new Blob([tar as BlobPart], { type: 'application/x-tar' }));
      done.value = `Uploaded ${file.name} into ${directory}`;
      return true;
    });
  }

  return { busy, error, done, download, upload };
}
