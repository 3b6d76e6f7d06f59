import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOST_TOOL_PARTS, hostToolEntries, workspacePath } from './host-tool-lists.js';
import { productionSources, spawnedTools } from './spawned-tools.js';

// Every host program a part spawns must be in that part's host-tools.json: the bootstrap
// installs from those lists (npm start, npm test, npm run bench), the Dockerfile must install
// them, and the API reports and refuses from them. A new spawn without an entry fails here.
describe.each(HOST_TOOL_PARTS)('host tools of $part', ({ sources, list }) => {
  const entries = hostToolEntries(list);
  const files = productionSources(workspacePath(sources));
  const spawned = spawnedTools(files);

  it('lists every program the code spawns', () => {
    const listed = new Set(entries.map((entry) => entry.tool));
    const unlisted = [...spawned].filter(([tool]) => !listed.has(tool)).map(([tool, where]) => `${tool} (${where.join(', ')})`);
    expect(unlisted, `add these to ${list}`).toEqual([]);
  });

  it('lists nothing the code does not spawn', () => {
    const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    const stale = entries.filter((entry) => !spawned.has(entry.tool) && !(entry.via && text.includes(entry.via)) && !entry.peer).map((entry) => entry.tool);
    expect(stale, `remove these from ${list}, or name the identifier they are spawned through in "via"`).toEqual([]);
  });

  it('names a Debian package and at least one capability for each tool', () => {
    for (const entry of entries) {
      expect(entry.package, entry.tool).toMatch(/^[a-z0-9][a-z0-9+.-]+$/);
      expect(entry.capabilities.length, entry.tool).toBeGreaterThan(0);
    }
  });
});

describe('host tools of apps/api', () => {
  it('spawns nothing of its own: the libraries do, from their lists', () => {
    expect([...spawnedTools(productionSources(workspacePath('apps/api/src'))).keys()]).toEqual([]);
  });
});

describe('the scanner', () => {
  it('finds each way the code spawns a program', () => {
    const sample = fileURLToPath(new URL('./testing/spawn-sample.ts.txt', import.meta.url));
    expect([...spawnedTools([sample]).keys()].sort()).toEqual(['apt-get', 'cp', 'getfattr', 'ip', 'runc', 'setpriv', 'umoci']);
  });
});
