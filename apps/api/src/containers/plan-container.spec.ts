import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateContainerRequest } from '@berth/contracts';
import type { ImageConfig } from '@berth/images';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleLayout } from '../engine/container-bundle.js';
import type { PathKind } from '../engine/runtime-adapter.js';
import type { MountFacts } from './container-mounts.js';
import { checkCreateRequest, planContainer, type PlanInput } from './plan-container.js';

const IMAGE: ImageConfig = { architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [] } };
const ID = 'b'.repeat(64);
// A state root that is never written to: the plan must not need any of it to exist.
const root = mkdtempSync(join(tmpdir(), 'berth-plan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Records every lookup the plan makes; the volumes it is told about exist, others are new. */
function facts(existing: Record<string, string> = {}) {
  const asked: string[] = [];
  const mountFacts: MountFacts = {
    volume: (name) => {
      asked.push(name);
      return { mountpoint: existing[name] ?? join(root, 'volumes', name, '_data'), exists: name in existing };
    },
    hostPathExists: (path) => path === '/srv/data',
  };
  return { asked, mountFacts };
}

function input(request: Omit<CreateContainerRequest, 'image'>, mountFacts: MountFacts): PlanInput {
  return {
    id: ID,
    name: 'planned',
    request: { image: 'busybox', ...request },
    image: { config: IMAGE, lowerDirs: [] },
    user: { uid: 0, gid: 0 },
    bundle: bundleLayout(join(root, 'bundles'), ID),
    mountFacts,
    // The host as the plan sees it: one bind source, and nothing under the state root.
    pathKind: (path): PathKind => (path === '/srv/data' ? 'dir' : 'missing'),
  };
}

function refusal(plan: () => unknown): { code?: string; status?: number } {
  try {
    plan();
  } catch (error) {
    const problem = error as { code?: string; getStatus?: () => number; getResponse?: () => { code: string } };
    return problem.getResponse ? { code: problem.getResponse().code, status: problem.getStatus!() } : { code: problem.code };
  }
  throw new Error('the plan was not refused');
}

describe('planContainer', () => {
  it('plans a new named volume as data, builds the spec once with its mountpoint, and validates it in memory', () => {
    const { mountFacts } = facts({ kept: '/var/lib/berth/volumes/t/kept/_data' });
    const plan = planContainer(
      input(
        {
          mounts: [
            { type: 'volume', source: 'fresh', target: '/data' },
            { type: 'volume', source: 'kept', target: '/kept', readOnly: true },
            { type: 'bind', source: '/srv/data', target: '/srv' },
          ],
          restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
        },
        mountFacts,
      ),
    );
    expect(plan.volumes).toEqual([
      { name: 'fresh', target: '/data', readOnly: false, create: true },
      { name: 'kept', target: '/kept', readOnly: true, create: false },
    ]);
    const sources = Object.fromEntries((plan.spec.mounts ?? []).map((mount) => [mount.destination, mount.source]));
    expect(sources).toMatchObject({
      '/data': join(root, 'volumes', 'fresh', '_data'),
      '/kept': '/var/lib/berth/volumes/t/kept/_data',
      '/srv': '/srv/data',
      '/etc/hosts': join(root, 'bundles', ID, 'hosts'),
    });
    expect(plan.config).toMatchObject({ name: 'planned', network: 'bridge' });
    expect(plan.restartPolicy).toEqual({ name: 'on-failure', maximumRetryCount: 3 });
    // Nothing was made for it: no bundle, no volume directory.
    expect(existsSync(join(root, 'bundles'))).toBe(false);
    expect(existsSync(join(root, 'volumes'))).toBe(false);
  });

  it('refuses autoRemove with a restart policy before it looks up (or plans) the new volume', () => {
    const { asked, mountFacts } = facts();
    const request = { autoRemove: true, restartPolicy: { name: 'always' as const }, mounts: [{ type: 'volume' as const, source: 'fresh', target: '/data' }] };
    expect(refusal(() => planContainer(input(request, mountFacts)))).toEqual({ code: 'CONFLICTING_OPTIONS', status: 400 });
    expect(asked).toEqual([]);
  });

  it("refuses an unknown capability by the runtime's own table, naming the field, with nothing written", () => {
    const { mountFacts } = facts();
    const request = { capAdd: ['NOT_A_CAP'], mounts: [{ type: 'volume' as const, source: 'fresh', target: '/data' }] };
    expect(refusal(() => planContainer(input(request, mountFacts)))).toEqual({ code: 'INVALID_CAPABILITY' });
    expect(existsSync(join(root, 'bundles', ID))).toBe(false);
  });

  it('refuses a spec the runtime would refuse (a hostname longer than the kernel takes)', () => {
    const { mountFacts } = facts();
    expect(refusal(() => planContainer(input({ hostname: 'h'.repeat(65) }, mountFacts)))).toEqual({ code: 'INVALID_SPEC' });
  });

  it('refuses a bind source the host does not have, and an image with nothing to run', () => {
    const { mountFacts } = facts();
    expect(refusal(() => planContainer(input({ mounts: [{ type: 'bind', source: '/no/such', target: '/x' }] }, mountFacts)))).toEqual({
      code: 'INVALID_MOUNT',
      status: 400,
    });
    const none = { ...input({}, mountFacts), image: { config: { ...IMAGE, config: {} }, lowerDirs: [] } };
    expect(refusal(() => planContainer(none))).toEqual({ code: 'NO_COMMAND', status: 400 });
  });
});

describe('checkCreateRequest', () => {
  it('asks the host-access policy first, then checks the name and the options', () => {
    const order: string[] = [];
    const deny = () => {
      order.push('policy');
      throw Object.assign(new Error('denied'), { code: 'HOST_ACCESS_DENIED' });
    };
    expect(refusal(() => checkCreateRequest({ image: 'x', name: 'bad name!', privileged: true }, deny))).toEqual({ code: 'HOST_ACCESS_DENIED' });
    expect(order).toEqual(['policy']);
    expect(refusal(() => checkCreateRequest({ image: 'x', name: 'bad name!' }, () => undefined))).toEqual({ code: 'INVALID_NAME', status: 400 });
    expect(refusal(() => checkCreateRequest({ image: 'x', resources: { memory: '1k' } }, () => undefined))).toEqual({ code: 'INVALID_RESOURCES', status: 400 });
  });
});
