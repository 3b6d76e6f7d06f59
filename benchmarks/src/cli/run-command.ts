import { openBenchDatabase } from '../persistence/bench-database.js';
import { saveRun } from '../persistence/run-repository.js';
import { formatTable } from '../run/format-table.js';
import { runSuite, type SuiteRun } from '../run/run-suite.js';
import { findSuite, SUITES } from '../suites/registry.js';

export interface RunOptions {
  suite?: string;
  json?: boolean;
  smoke?: boolean;
  list?: boolean;
  /** Unset: persist exactly when DATABASE_URL is set. */
  persist?: boolean;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** `bench --suite NAME [--json] [--smoke] [--persist|--no-persist]`: runs one suite, prints it, and stores it. */
export async function runCommand(options: RunOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (options.list || !options.suite) {
    for (const suite of SUITES) process.stdout.write(`${suite.name}\t${suite.description}\n`);
    return options.list ? 0 : 2;
  }
  const suite = findSuite(options.suite);
  if (!suite) {
    log(`unknown suite "${options.suite}"; one of: ${SUITES.map((entry) => entry.name).join(', ')}`);
    return 2;
  }
  let run: SuiteRun;
  try {
    run = await runSuite(suite, { smoke: options.smoke ?? false, log });
  } catch (error) {
    // The suite could not even set up (a server that does not start): say why, without a stack trace.
    log(`${suite.name}: ${(error as Error).message}`);
    return 1;
  }
  let id: string | undefined;
  if (options.persist ?? Boolean(env['DATABASE_URL'])) {
    try {
      id = await persist(run, env);
    } catch (error) {
      // The measurements are still worth printing; the exit status says the run was not kept.
      log(`the run was measured but not saved: ${(error as Error).message}`);
      printRun(run, options.json, undefined);
      return 1;
    }
  }
  printRun(run, options.json, id);
  return run.results.some((result) => result.error) ? 1 : 0;
}

/** The database is opened only after the measurements, so PostgreSQL starting up never competes with a subject for the cores. */
async function persist(run: SuiteRun, env: NodeJS.ProcessEnv): Promise<string> {
  const database = await openBenchDatabase(log, env);
  try {
    const id = await saveRun(database.prisma, run);
    log(`saved run ${id} (${database.where}); report: npm run bench -- report ${id}`);
    return id;
  } finally {
    await database.close();
  }
}

function printRun(run: SuiteRun, json: boolean | undefined, id: string | undefined): void {
  process.stdout.write(json ? `${JSON.stringify(id ? { id, ...run } : run, null, 2)}\n` : `${formatTable(run)}\n`);
}
