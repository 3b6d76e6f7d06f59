import { describe, expect, it } from 'vitest';
import { edgesWithin, findCycles, readFolderGraph, type FolderGraph } from '../test/folder-graph.js';

/**
 * The API's folders form layers: `auth` and `util` at the bottom, `http` knowing only
 * exceptions, features above. A folder-level cycle (teams → access → teams through two
 * different files) is invisible to a file-level rule such as `import/no-cycle`, so the
 * graph is read here, from the import lines themselves.
 */
describe('folder dependencies of apps/api/src', () => {
  it('has no cycle between top-level folders', () => {
    const graph = readFolderGraph(import.meta.dirname);
    const cycles = findCycles(graph);
    expect(cycles.map((cycle) => edgesWithin(graph, cycle))).toEqual([]);
  });

  it('keeps the bottom at the bottom: util, http (which knows only exceptions) and the auth core', () => {
    const graph = readFolderGraph(import.meta.dirname);
    const allowed: Record<string, string[]> = { util: [], http: ['util', 'version.ts'], auth: ['http', 'util'] };
    const outside = Object.entries(allowed).flatMap(([part, may]) =>
      [...(graph.get(part) ?? [])].filter(([to]) => !may.includes(to)).flatMap(([to, why]) => why.map((line) => `${part} → ${to}: ${line}`)),
    );
    expect(outside).toEqual([]);
  });

  it('reads real edges (the application module imports the features)', () => {
    const graph = readFolderGraph(import.meta.dirname);
    expect([...(graph.get('app.module.ts')?.keys() ?? [])]).toEqual(expect.arrayContaining(['access', 'audit', 'containers']));
  });
});

describe('findCycles', () => {
  /** `'a>b b>c'`: a imports b, b imports c. */
  const graphOf = (edges: string): FolderGraph => {
    const graph: FolderGraph = new Map();
    for (const [from, to] of edges.split(' ').map((edge) => edge.split('>') as [string, string])) {
      graph.set(from, (graph.get(from) ?? new Map()).set(to, [`${from} imports ${to}`]));
    }
    return graph;
  };

  it('finds none in layers', () => {
    expect(findCycles(graphOf('a>b b>c a>c'))).toEqual([]);
  });

  it('finds a two-folder cycle and a longer one, each once', () => {
    expect(findCycles(graphOf('teams>access access>teams x>y y>z z>x z>teams'))).toEqual([
      ['access', 'teams'],
      ['x', 'y', 'z'],
    ]);
  });

  it('names the imports that close a cycle', () => {
    expect(edgesWithin(graphOf('a>b b>a b>c'), ['a', 'b'])).toEqual(['a → b: a imports b', 'b → a: b imports a']);
  });
});
