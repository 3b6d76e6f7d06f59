import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The parts of a Compose service Berth's checks look at. */
export interface ComposeService {
  image?: string;
  build?: string | { context: string };
  privileged?: boolean;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readComposeFile(path: string): ComposeFile {
  return parse(readFileSync(path, 'utf8')) as ComposeFile;
}
