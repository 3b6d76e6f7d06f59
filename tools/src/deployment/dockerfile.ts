import { readFileSync } from 'node:fs';

export interface DockerfileFacts {
  env: Record<string, string>;
  expose: number[];
  cmd: string[] | undefined;
  /** Every stage's base image, in order. */
  bases: string[];
  /** Debian packages the final stage installs with apt-get install. */
  aptPackages: string[];
  /** What the first stage copies before its first `RUN npm ci`: the dependency layer's inputs. */
  copiedBeforeInstall: string[];
}

/**
 * Reads the final stage's ENV, EXPOSE, CMD (exec form) and apt-get packages, the bases, and
 * the first stage's copies before `npm ci`. Enough to check the image agrees with Berth's
 * configuration and host tools; not a general Dockerfile parser.
 */
export function readDockerfile(path: string): DockerfileFacts {
  const joined = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages = joined.split(/^FROM /m).slice(1);
  const lastStage = stages[stages.length - 1]!;
  const facts: DockerfileFacts = {
    env: {},
    expose: [],
    cmd: undefined,
    bases: stages.map((stage) => stage.split(/\s+/)[0]!),
    aptPackages: aptPackagesOf(lastStage),
    copiedBeforeInstall: copiesBeforeInstall(stages[0]!),
  };
  for (const line of lastStage.split('\n').map((entry) => entry.trim())) {
    if (line.startsWith('ENV ')) {
      for (const pair of line.slice(4).trim().split(/\s+/)) {
        const [name, ...value] = pair.split('=');
        facts.env[name!] = value.join('=');
      }
    } else if (line.startsWith('EXPOSE ')) {
      facts.expose.push(
        ...line
          .slice(7)
          .trim()
          .split(/\s+/)
          .map((port) => Number.parseInt(port, 10)),
      );
    } else if (line.startsWith('CMD ')) {
      facts.cmd = JSON.parse(line.slice(4));
    }
  }
  return facts;
}

function aptPackagesOf(stage: string): string[] {
  const install = /apt-get install ([^&\n]*)/.exec(stage)?.[1] ?? '';
  return install
    .trim()
    .split(/\s+/)
    .filter((word) => word && !word.startsWith('-'));
}

function copiesBeforeInstall(stage: string): string[] {
  const copied: string[] = [];
  for (const line of stage.split('\n').map((entry) => entry.trim())) {
    if (line.startsWith('RUN ') && line.includes('npm ci')) return copied;
    if (line.startsWith('COPY ') && !line.includes('--from=')) copied.push(...line.slice(5).trim().split(/\s+/).slice(0, -1));
  }
  return copied;
}
