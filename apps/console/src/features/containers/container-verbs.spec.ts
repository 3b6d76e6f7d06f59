import { CONTAINER_STATUSES, type ContainerStatus } from '@berth/runtime/model';
import { describe, expect, it } from 'vitest';
import { CONTAINER_VERBS, verbOffered, type ContainerVerb } from './container-verbs';

/** The buttons a container in this status gets. */
function offered(status: ContainerStatus): ContainerVerb[] {
  return CONTAINER_VERBS.filter((verb) => verbOffered(verb, status));
}

describe('verbOffered', () => {
  it('offers what the API accepts in each status', () => {
    expect(Object.fromEntries(CONTAINER_STATUSES.map((status) => [status, offered(status)]))).toEqual({
      creating: [],
      created: ['start', 'restart', 'remove'],
      running: ['stop', 'restart', 'pause', 'kill', 'remove'],
      paused: ['stop', 'restart', 'unpause', 'kill', 'remove'],
      stopped: ['start', 'restart', 'remove'],
    });
  });

  it('offers Remove for a running container, because the console removes with force', () => {
    expect(verbOffered('remove', 'running')).toBe(true);
  });
});
