import { apiLoadSuite } from './api-load.js';
import { apiSuite } from './api-suite.js';
import { cliSuite } from './cli-suite.js';
import { densitySuite } from './density.js';
import { imagePullSuite } from './image-pull.js';
import { imageUnpackSuite } from './image-unpack.js';
import { networkSuite } from './network.js';
import { overheadSuite } from './overhead.js';
import { readySuite } from './ready.js';
import { runtimeCliSuite } from './runtime-cli.js';
import { startToExitSuite } from './start-to-exit.js';
import type { Suite } from './suite.js';

export const SUITES: readonly Suite[] = [
  startToExitSuite,
  imageUnpackSuite,
  imagePullSuite,
  apiSuite,
  networkSuite,
  readySuite,
  densitySuite,
  overheadSuite,
  apiLoadSuite,
  runtimeCliSuite,
  cliSuite,
];

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((suite) => suite.name === name);
}
