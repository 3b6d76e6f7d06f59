// Runs inside the cgroup v2 VM (see cgroups/v2-kernel.spec.ts), bundled into one file on the
// host and started with the host's node on the host's root file system. Runs every check
// against the real Berth runtime and prints one results line; the host asserts on it.
//   BERTH_SHIM               the native core (the bundle cannot find it next to itself)
//   BERTH_V2_DEVICE_POLICY=1 keep the default spec's device rules in every check
import { RuntimeFixture } from '../runtime-fixture.js';
import { makeCheckContext, type CheckContext } from './check-context.js';
import { CHECKS } from './checks.js';
import { attempt, formatResults, type Outcome } from './outcome.js';

/** Per check (emulated, the slowest takes about 2 s): a hung check or two still leaves the VM time to report. */
const CHECK_TIMEOUT_MS = 20_000;

async function main(): Promise<void> {
  const fx = await RuntimeFixture.create();
  const context = makeCheckContext(fx, process.env['BERTH_V2_DEVICE_POLICY'] === '1');
  const results: Record<string, Outcome<unknown>> = {};
  try {
    for (const [name, check] of Object.entries(CHECKS) as [string, (context: CheckContext) => Promise<unknown>][]) {
      results[name] = await attempt(() => check(context), CHECK_TIMEOUT_MS);
      // Each check's containers go before the next starts: a busy loop left running would
      // slow every later check on an emulated CPU.
      const teardown = await attempt(() => fx.removeContainers(), CHECK_TIMEOUT_MS);
      if (!teardown.ok) results[`${name}Teardown`] = teardown;
    }
  } finally {
    process.stdout.write(`${formatResults(results)}\n`);
    await fx.dispose();
  }
}

await main();
