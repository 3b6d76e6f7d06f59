import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ImageStore, MEDIA_TYPES, REF_NAME, unpackLayer, writeImage, type Digest } from '@berth/images';
import { tarOf } from '@berth/images/testing';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { runProcess } from '../peers/run-process.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import type { Suite } from './suite.js';

// 256 files × 128 KiB, half random (incompressible), half text: 32 MiB uncompressed, gzip.
const FILES = 256;
const FILE_SIZE = 128 * 1024;

/**
 * Unpacking one gzip layer into an empty directory: Berth's hostile-input unpacker against
 * `umoci unpack` on the same OCI layout. Each sample unpacks into a fresh directory.
 */
export const imageUnpackSuite: Suite = {
  name: 'unpack',
  description: `unpack one gzip layer of ${FILES} files (${(FILES * FILE_SIZE) / 1024 ** 2} MiB) into an empty directory`,
  baseline: 'umoci',
  metric: 'unpack',
  budget: { iterations: 10, timeMs: 3_000 },
  async prepare() {
    const work = await mkdtemp(join(tmpdir(), 'berth-bench-unpack-'));
    const store = new ImageStore(join(work, 'store'));
    const layer = await benchLayer();
    const compressed = gzipSync(layer);
    const blob = await store.blobs.put(compressed);
    const image = await writeImageWithLayer(store, blob.digest, blob.size, layer);
    const umociLayout = layoutForUmoci(store, work, image);
    const subjects: Subject[] = [
      {
        name: 'berth (unpackLayer)',
        method: 'libs/images unpackLayer: gunzip, hostile-input checks, write files',
        run: async (iteration) => {
          const target = join(work, `berth-${iteration}`);
          mkdirSync(target);
          await unpackLayer(store.blobs.open(blob.digest), target);
        },
      },
    ];
    const umoci = findBinary('umoci');
    const environment: Record<string, string> = { layer: `${compressed.length} bytes gzip, ${layer.length} bytes tar` };
    if (!umoci) subjects.push(missingSubject('umoci', 'umoci unpack', 'umoci is not installed (apt-get install umoci)'));
    else {
      environment['umoci'] = binaryVersion(umoci);
      subjects.push({
        name: 'umoci',
        method: 'umoci unpack --image layout:bench (also writes config.json and an mtree manifest)',
        run: (iteration) => runProcess(umoci, ['unpack', '--image', `${umociLayout}:bench`, join(work, `umoci-${iteration}`)]),
      });
    }
    return { subjects, environment, cleanup: () => rm(work, { recursive: true, force: true }) };
  },
};

async function benchLayer(): Promise<Buffer> {
  const entries = Array.from({ length: FILES }, (_, index) => ({
    name: `data/${index % 16}/file-${index}`,
    content: index % 2 === 0 ? randomBytes(FILE_SIZE) : Buffer.from('berth benchmark line\n'.repeat(FILE_SIZE / 21)),
  }));
  return tarOf(entries);
}

async function writeImageWithLayer(store: ImageStore, digest: Digest, size: number, tar: Buffer) {
  // writeImage stores uncompressed layers; this one is stored gzip, as registries serve them.
  const image = await writeImage(store, 'bench:1', [{ tar: () => tar }], { architecture: 'amd64', os: 'linux' });
  const manifest = await store.manifest(image);
  manifest.layers = [{ mediaType: MEDIA_TYPES.layerGzip, digest, size }];
  const stored = await store.blobs.put(JSON.stringify(manifest));
  return store.tag('bench:1', { mediaType: MEDIA_TYPES.manifest, digest: stored.digest, size: stored.size });
}

/** umoci wants a short tag name in index.json; share the blobs by hard links. */
function layoutForUmoci(store: ImageStore, work: string, image: { manifest: { digest: Digest; size: number } }): string {
  const layout = join(work, 'umoci-layout');
  mkdirSync(layout);
  execFileSync('cp', ['-al', join(store.root, 'blobs'), join(layout, 'blobs')]);
  writeFileSync(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const entry = { mediaType: MEDIA_TYPES.manifest, digest: image.manifest.digest, size: image.manifest.size, annotations: { [REF_NAME]: 'bench' } };
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry] }));
  if (!existsSync(join(layout, 'blobs'))) throw new Error('could not link the blobs for umoci');
  return layout;
}
