import { describe, expect, it } from 'vitest';
import { canDo, CONTAINER_STATUSES, statusesFor } from './container-status.js';

describe('container status guards', () => {
  it('starts only created containers', () => {
    expect(CONTAINER_STATUSES.filter((status) => canDo('start', status))).toEqual(['created']);
  });

  it('pauses running and resumes paused containers only', () => {
    expect(statusesFor('pause')).toEqual(['running']);
    expect(statusesFor('resume')).toEqual(['paused']);
  });

  it('deletes stopped containers, or anything but creating with force', () => {
    expect(canDo('delete', 'running')).toBe(false);
    expect(canDo('delete', 'stopped')).toBe(true);
    expect(canDo('forceDelete', 'running')).toBe(true);
    expect(canDo('forceDelete', 'creating')).toBe(false);
  });
});
