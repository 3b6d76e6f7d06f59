import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack, type Pack } from 'tar-stream';
import { familiarName, parseImageReference } from '../reference/image-reference.js';
import type { ImageStore } from '../store/image-store.js';

/**
 * Writes images as a `docker save` tarball (`manifest.json`, `<config hex>.json`,
 * `<layer hex>/layer.tar`), the format `docker load`, `podman load` and
 * `skopeo … docker-archive:` read.
 */
export async function exportDockerArchive(store: ImageStore, references: string[], destination: Writable): Promise<void> {
  const archive = pack();
  const writing = pipeline(archive, destination);
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const written = new Set<string>();
  for (const reference of references) {
    const image = store.resolve(reference);
    const imageManifest = await store.manifest(image);
    const configName = `${imageManifest.config.digest.slice(7)}.json`;
    if (!written.has(configName)) {
      await addFile(archive, configName, store.blobs.path(imageManifest.config.digest), imageManifest.config.size);
      written.add(configName);
    }
    const layers: string[] = [];
    for (const layer of imageManifest.layers) {
      const name = `${layer.digest.slice(7)}/layer.tar`;
      if (!written.has(name)) {
        await addFile(archive, name, store.blobs.path(layer.digest), layer.size);
        written.add(name);
      }
      layers.push(name);
    }
    manifest.push({ Config: configName, RepoTags: [familiarName(parseImageReference(image.reference))], Layers: layers });
  }
  await addBuffer(archive, 'manifest.json', Buffer.from(JSON.stringify(manifest)));
  archive.finalize();
  await writing;
}

function addBuffer(archive: Pack, name: string, content: Buffer): Promise<void> {
  return new Promise((resolve, reject) => archive.entry({ name, mode: 0o644, mtime: new Date(0) }, content, (error) => (error ? reject(error) : resolve())));
}

async function addFile(archive: Pack, name: string, path: string, size: number): Promise<void> {
  const entry = archive.entry({ name, mode: 0o644, size, mtime: new Date(0) });
  await pipeline(createReadStream(path), entry);
}
