import { describe, expect, it } from 'vitest';
import { canDo, CONTAINER_STATUSES, statusesFor, statusesForVerb, verbAllowed, type ContainerVerb } from './container-status.js';

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

describe('container verbs (API, console, CLI)', () => {
  const accepting = (verb: ContainerVerb) => CONTAINER_STATUSES.filter((status) => verbAllowed(verb, status));

  it('starts a created container, or a stopped one again on a new runtime container', () => {
    expect(accepting('start')).toEqual(['created', 'stopped']);
    // Whatever the runtime starts, the API starts; the rest is the re-create.
    for (const status of statusesFor('start')) expect(verbAllowed('start', status)).toBe(true);
    expect(canDo('start', 'stopped')).toBe(false);
  });

  it('stops, kills, inspects processes and reads stats only where the command runs', () => {
    for (const verb of ['stop', 'kill', 'top', 'stats'] as const) expect(accepting(verb)).toEqual(['running', 'paused']);
    // The runtime could signal a created container's waiting init; a person cannot "kill" a command that never began.
    expect(canDo('kill', 'created')).toBe(true);
    expect(verbAllowed('kill', 'created')).toBe(false);
  });

  it('restarts anything already made, a paused container included', () => {
    expect(accepting('restart')).toEqual(['created', 'running', 'paused', 'stopped']);
  });

  it('pauses, unpauses and execs exactly when the runtime would', () => {
    expect(statusesForVerb('pause')).toEqual(statusesFor('pause'));
    expect(statusesForVerb('unpause')).toEqual(statusesFor('resume'));
    expect(statusesForVerb('exec')).toEqual(statusesFor('exec'));
  });

  it('updates live where the runtime can, and a stopped container for its next start', () => {
    expect(accepting('update')).toEqual(['created', 'running', 'paused', 'stopped']);
    expect(accepting('update').filter((status) => !canDo('update', status))).toEqual(['stopped']);
  });

  it('removes a created or stopped container, anything made with force', () => {
    expect(accepting('remove')).toEqual(['created', 'stopped']);
    expect(verbAllowed('remove', 'running')).toBe(false);
    expect(statusesForVerb('forceRemove')).toEqual(statusesFor('forceDelete'));
    for (const status of statusesForVerb('remove')) expect(verbAllowed('forceRemove', status)).toBe(true);
  });

  it('attaches before start and while running, follows logs until the container stops', () => {
    expect(accepting('attach')).toEqual(['created', 'running']);
    expect(accepting('followLogs')).toEqual(['created', 'running', 'paused']);
  });

  it('takes no verb but rename while the container is still being made', () => {
    const verbs = [
      'start',
      'stop',
      'restart',
      'kill',
      'pause',
      'unpause',
      'update',
      'stats',
      'top',
      'exec',
      'attach',
      'followLogs',
      'rename',
      'remove',
      'forceRemove',
    ] as const;
    expect(verbs.filter((verb) => verbAllowed(verb, 'creating'))).toEqual(['rename']);
  });
});
