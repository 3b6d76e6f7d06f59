import { Command } from 'commander';
import { SUITES } from '../suites/registry.js';
import { peersCommand, type PeersOptions } from './peers-command.js';
import { reportCommand, type ReportOptions } from './report-command.js';
import { runCommand, type RunOptions } from './run-command.js';

/**
 * `npm run bench -- --suite NAME [--json] [--smoke] [--persist]` runs a suite;
 * `npm run bench -- report [RUN_ID|latest] [--baseline RUN_ID]` writes a stored run's report;
 * `npm run bench -- peers [--install]` lists (and installs) what the suites compare with.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode = 0;
  const program = new Command('bench')
    .description('run a benchmark suite, or report on stored runs')
    // `report --suite X` must reach the report, not the run options of the same name.
    .enablePositionalOptions()
    .option('--suite <name>', `one of: ${SUITES.map((suite) => suite.name).join(', ')}`)
    .option('--json', 'print one JSON document of subjects, metrics and statistics on stdout')
    .option('--smoke', 'a few iterations only')
    .option('--list', 'list the suites')
    .option('--persist', 'store the run in PostgreSQL (the default when DATABASE_URL is set; else an embedded cluster)')
    .option('--no-persist', 'do not store the run, even with DATABASE_URL set')
    .action(async (options: RunOptions) => {
      exitCode = await runCommand(options, env);
    });
  program
    .command('report')
    .description('write report.html and report.md for a stored run; exits 1 on a regression against --baseline')
    .argument('[run]', 'a run id, or latest', 'latest')
    .option('--baseline <run>', 'a run id to compare with')
    .option('--threshold <fraction>', 'how much slower a median may get before it is a regression', '0.1')
    .option('--out <dir>', 'where to write the reports (default tmp/bench-reports/<run id>)')
    .option('--suite <name>', 'with latest: the newest run of this suite')
    .action(async (run: string, options: ReportOptions) => {
      exitCode = await reportCommand(run, options, env);
    });
  program
    .command('peers')
    .description(
      'list each peer present (with its version) or missing (with the reason); --install installs the missing from Debian and builds the shared fixtures',
    )
    .option('--install', "apt-get install the missing peers, unpack Debian's kernel for the VM, build the busybox bundle and initramfs into the cache")
    .option('--json', 'print the list as JSON')
    .action(async (options: PeersOptions) => {
      exitCode = await peersCommand(options);
    });
  await program.parseAsync(argv);
  return exitCode;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv);
