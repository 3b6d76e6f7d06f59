import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageStore, pullImage, pushImage, writeImage } from '@berth/images';
import { startLocalRegistry, tarOf } from '@berth/images/testing';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { runProcess } from '../peers/run-process.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import type { Suite } from './suite.js';

const LAYERS = 4;
const LAYER_FILES = 64;

/**
 * Pulling a four-layer image from Debian's docker-registry on 127.0.0.1 into an empty store:
 * Berth's registry client against `skopeo copy docker://… oci:…`.
 */
export const imagePullSuite: Suite = {
  name: 'pull',
  description: `pull a ${LAYERS}-layer image (~${(LAYERS * LAYER_FILES * 64) / 1024} MiB) from a local docker-registry into an empty store`,
  baseline: 'skopeo',
  metric: 'pull',
  budget: { iterations: 10, timeMs: 3_000 },
  async prepare() {
    const work = await mkdtemp(join(tmpdir(), 'berth-bench-pull-'));
    const registry = await startLocalRegistry(join(work, 'registry'));
    try {
      const source = new ImageStore(join(work, 'source'));
      const layers = [];
      for (let layer = 0; layer < LAYERS; layer++) {
        const tar = await tarOf(
          Array.from({ length: LAYER_FILES }, (_, index) => ({ name: `l${layer}/f${index}`, content: Buffer.alloc(64 * 1024, layer * 31 + index) })),
        );
        layers.push({ tar: () => tar });
      }
      await writeImage(source, `${registry.host}/bench:1`, layers, { architecture: 'amd64', os: 'linux' });
      await pushImage(source, `${registry.host}/bench:1`);
      const reference = `${registry.host}/bench:1`;
      const subjects: Subject[] = [
        {
          name: 'berth (pullImage)',
          method: 'libs/images pullImage: manifest, then blobs 3 at a time, each digest-verified',
          run: async (iteration) => {
            await pullImage(new ImageStore(join(work, `berth-${iteration}`)), reference);
          },
        },
      ];
      const environment: Record<string, string> = { registry: 'docker-registry (Debian) on 127.0.0.1' };
      const skopeo = findBinary('skopeo');
      if (!skopeo) subjects.push(missingSubject('skopeo', 'skopeo copy', 'skopeo is not installed (apt-get install skopeo)'));
      else {
        environment['skopeo'] = binaryVersion(skopeo);
        subjects.push({
          name: 'skopeo',
          method: 'skopeo copy --src-tls-verify=false docker://… oci:<dir>:bench',
          run: (iteration) =>
            runProcess(skopeo, [
              '--insecure-policy',
              'copy',
              '--quiet',
              '--src-tls-verify=false',
              `docker://${reference}`,
              `oci:${join(work, `skopeo-${iteration}`)}:bench`,
            ]),
        });
      }
      return {
        subjects,
        environment,
        cleanup: async () => {
          await registry.stop();
          await rm(work, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await registry.stop();
      await rm(work, { recursive: true, force: true });
      throw error;
    }
  },
};
