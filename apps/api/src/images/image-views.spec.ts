import type { ImageConfig, ImageManifest } from '@berth/images';
import { describe, expect, it } from 'vitest';
import { historyOf, summaryOf } from './image-views.js';
import type { ImageRow } from './images.repository.js';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}` as `sha256:${string}`;

const manifest: ImageManifest = {
  schemaVersion: 2,
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d(9), size: 10 },
  layers: [
    { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: d(1), size: 100 },
    { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: d(2), size: 20 },
  ],
};

function row(config: Partial<ImageConfig>, repoTags = ['docker.io/library/app:1', 'docker.io/library/app@' + d(7)]): ImageRow {
  return { id: 'row', teamId: 'team', digest: d(8), repoTags, sizeBytes: 130n, config, createdAt: new Date('2026-01-02T03:04:05Z') };
}

const config = (history?: ImageConfig['history']): ImageConfig => ({
  architecture: 'amd64',
  os: 'linux',
  created: '2026-01-01T00:00:00Z',
  rootfs: { type: 'layers', diff_ids: [d(3), d(4)] },
  history,
});

describe('summaryOf', () => {
  it('shows tags and repository digests familiar, and the build time', () => {
    expect(summaryOf(row(config()), 2)).toEqual({
      id: d(8),
      repoTags: ['app:1'],
      repoDigests: [`app@${d(7)}`],
      size: 130,
      created: '2026-01-01T00:00:00.000Z',
      containers: 2,
    });
  });

  it('falls back to the catalogue time when the config has none', () => {
    expect(summaryOf(row({ created: 'not a date' }), 0).created).toBe('2026-01-02T03:04:05.000Z');
  });
});

describe('historyOf', () => {
  it('pairs non-empty entries with layers, newest first, tags on top', () => {
    const entries = historyOf(
      row(config()),
      manifest,
      config([
        { created: '2026-01-01T00:00:00Z', created_by: 'ADD rootfs' },
        { created_by: 'ENV A=1', empty_layer: true },
        { created_by: 'RUN make' },
        { created_by: 'CMD ["app"]', empty_layer: true },
      ]),
    );
    expect(entries.map((entry) => [entry.createdBy, entry.layer, entry.size, entry.emptyLayer])).toEqual([
      ['CMD ["app"]', null, 0, true],
      ['RUN make', d(4), 20, false],
      ['ENV A=1', null, 0, true],
      ['ADD rootfs', d(3), 100, false],
    ]);
    expect(entries[0]!.tags).toEqual(['app:1']);
    expect(entries[1]!.tags).toEqual([]);
  });

  it('gives one entry per layer when the history does not pair up', () => {
    for (const history of [undefined, [{ created_by: 'only one' }]]) {
      const entries = historyOf(row(config()), manifest, config(history));
      expect(entries.map((entry) => [entry.createdBy, entry.size])).toEqual([
        [`layer ${d(2)}`, 20],
        [`layer ${d(1)}`, 100],
      ]);
    }
  });
});
