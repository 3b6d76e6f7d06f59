import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Which top-level parts of a source tree import which: `teams → auth` means a file in teams/ imports one in auth/. */
export type FolderGraph = Map<string, Map<string, string[]>>;

/**
 * The import graph between the top-level parts of `srcDir`: each folder is one node, and so is
 * each file at the top (`app.module.ts` imports every feature; only it must not be imported back).
 * Every edge keeps the imports that make it, so a failure can name the line to move.
 * Specs are left out: nothing imports a spec, and a test may reach across the layers it checks.
 */
export function readFolderGraph(srcDir: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of sourceFiles(srcDir)) {
    const from = partOf(srcDir, file);
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
    for (const { fileName } of imports) {
      if (!fileName.startsWith('.')) continue; // packages are outside the graph
      const to = partOf(srcDir, resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges.set(to, [...(edges.get(to) ?? []), `${relative(srcDir, file)} imports ${fileName}`]));
    }
  }
  return graph;
}

/**
 * The cycles of a graph, one per strongly connected component of more than one node (Tarjan),
 * each as its sorted node names. Empty when the parts form layers.
 */
export function findCycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The imports that join the members of one cycle, for a failure message a reader can act on. */
export function edgesWithin(graph: FolderGraph, cycle: string[]): string[] {
  return cycle.flatMap((from) =>
    [...(graph.get(from) ?? [])].filter(([to]) => cycle.includes(to)).flatMap(([to, why]) => why.map((line) => `${from} → ${to}: ${line}`)),
  );
}

function partOf(srcDir: string, file: string): string {
  return relative(srcDir, file).split(sep)[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
