import { readFileSync } from 'node:fs';

export interface DockerfileFacts {
  env: Record<string, string>;
  expose: number[];
  cmd: string[] | undefined;
}

/**
 * Reads the final stage's ENV, EXPOSE and CMD (exec form). Enough to check the image
 * agrees with Berth's configuration; not a general Dockerfile parser.
 */
export function readDockerfile(path: string): DockerfileFacts {
  const joined = readFileSync(path, 'utf8').replace(/\\\n/g, ' ');
  const stages = joined.split(/^FROM /m);
  const lastStage = stages[stages.length - 1]!;
  const facts: DockerfileFacts = { env: {}, expose: [], cmd: undefined };
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
