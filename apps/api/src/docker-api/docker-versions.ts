/**
 * The Docker Engine API versions Berth answers: clients negotiate down to `API_VERSION`
 * through `/_ping`'s `Api-Version` header; paths may carry any `/v1.NN` from the minimum up.
 */
export const DOCKER_API_VERSION = '1.43';
export const DOCKER_MIN_API_VERSION = '1.24';

/** `/v1.43/containers/json` → version 1.43 and path `/containers/json`; an unversioned path means the newest. */
export function splitVersion(url: string): { version: string; url: string } {
  const match = /^\/v(\d+\.\d+)(\/.*)$/.exec(url);
  return match ? { version: match[1]!, url: match[2]! } : { version: DOCKER_API_VERSION, url };
}

/** Whether a requested version is one Berth serves. */
export function isSupportedVersion(version: string): boolean {
  return compareVersions(version, DOCKER_MIN_API_VERSION) >= 0 && compareVersions(version, DOCKER_API_VERSION) <= 0;
}

export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
