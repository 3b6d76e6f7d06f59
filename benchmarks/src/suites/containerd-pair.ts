import { fileURLToPath } from 'node:url';
import { PRIVATE_CONTAINERD_IMAGE, startPrivateContainerd, type PrivateContainerd } from '@berth/runtime/testing';
import { findBinary } from '../peers/find-binary.js';
import { runProcess } from '../peers/run-process.js';
import { missingSubject, type Subject } from '../subjects/subject.js';

const BERTH_RUNTIME = fileURLToPath(new URL('../../../libs/runtime/bin/berth-runtime', import.meta.url));
const PAIRS = 20;
const SMOKE_PAIRS = 3;

/**
 * `ctr run --rm <busybox> true` through containerd's runc v2 shim, once with `--runc-binary
 * berth-runtime` and once with runc, alternating in the same run so a noisy moment on the host
 * lands on both (issue 18's comparison). Two subjects share one measurement: the first to
 * collect runs every pair, the other reads its half.
 */
export function containerdSubjects(): { subjects: Subject[]; environment: Record<string, string>; cleanup(): Promise<void> } {
  const runc = findBinary('runc');
  const names = { berth: 'berth via containerd (ctr run --rm)', runc: 'runc via containerd (ctr run --rm)' };
  const method = (runtime: string) =>
    `ctr run --rm --runc-binary ${runtime} <busybox-static image> true, through a private containerd's io.containerd.runc.v2 shim; berth and runc alternate, ${PAIRS} pairs`;
  if (!findBinary('containerd') || !findBinary('ctr') || !runc) {
    const why = 'containerd, ctr and runc are needed (apt-get install containerd)';
    return {
      subjects: [missingSubject(names.berth, method('berth-runtime'), why), missingSubject(names.runc, method('runc'), why)],
      environment: {},
      cleanup: async () => undefined,
    };
  }
  let containerd: PrivateContainerd | undefined;
  let measured: Promise<{ berth: number[]; runc: number[] }> | undefined;
  const once = async (binary: string, id: string): Promise<number> => {
    const started = performance.now();
    await runProcess('ctr', [
      '-a',
      containerd!.socket,
      '-n',
      containerd!.namespace,
      'run',
      '--rm',
      '--runc-binary',
      binary,
      PRIVATE_CONTAINERD_IMAGE,
      id,
      'true',
    ]);
    return performance.now() - started;
  };
  const measure = (smoke: boolean) =>
    (measured ??= (async () => {
      containerd = await startPrivateContainerd('berth-bench');
      const samples = { berth: [] as number[], runc: [] as number[] };
      // One unmeasured pair: the image's first snapshot and each runtime's first exec.
      await once(BERTH_RUNTIME, 'warm-berth');
      await once(runc, 'warm-runc');
      for (let pair = 0; pair < (smoke ? SMOKE_PAIRS : PAIRS); pair++) {
        samples.berth.push(await once(BERTH_RUNTIME, `berth-${pair}`));
        samples.runc.push(await once(runc, `runc-${pair}`));
      }
      return samples;
    })());
  return {
    subjects: [
      { name: names.berth, method: method('berth-runtime'), collect: async (smoke) => (await measure(smoke)).berth },
      { name: names.runc, method: method('runc'), collect: async (smoke) => (await measure(smoke)).runc },
    ],
    environment: { containerd: 'a private containerd started by the suite (no CRI plugin)' },
    cleanup: async () => {
      await containerd?.stop();
    },
  };
}
