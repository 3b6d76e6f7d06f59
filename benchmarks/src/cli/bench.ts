import { Command } from 'commander';
import { formatTable } from '../run/format-table.js';
import { runSuite } from '../run/run-suite.js';
import { findSuite, SUITES } from '../suites/registry.js';

/** `npm run bench -- --suite NAME [--json] [--smoke]` */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('bench')
    .description('run a benchmark suite')
    .option('--suite <name>', `one of: ${SUITES.map((suite) => suite.name).join(', ')}`)
    .option('--json', 'print one JSON document of subjects, metrics and statistics on stdout')
    .option('--smoke', 'a few iterations only')
    .option('--list', 'list the suites')
    .parse(argv);
  const options = program.opts<{ suite?: string; json?: boolean; smoke?: boolean; list?: boolean }>();
  if (options.list || !options.suite) {
    for (const suite of SUITES) process.stdout.write(`${suite.name}\t${suite.description}\n`);
    return options.list ? 0 : 2;
  }
  const suite = findSuite(options.suite);
  if (!suite) {
    process.stderr.write(`bench: unknown suite "${options.suite}"; one of: ${SUITES.map((entry) => entry.name).join(', ')}\n`);
    return 2;
  }
  let run;
  try {
    run = await runSuite(suite, { smoke: options.smoke ?? false, log: (line) => process.stderr.write(`bench: ${line}\n`) });
  } catch (error) {
    // The suite could not even set up (a server that does not start): say why, without a stack trace.
    process.stderr.write(`bench: ${suite.name}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(options.json ? `${JSON.stringify(run, null, 2)}\n` : `${formatTable(run)}\n`);
  return run.results.some((result) => result.error) ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv);
