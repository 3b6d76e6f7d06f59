import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Command, CommanderError, Option } from 'commander';
import type { Runtime } from '../engine/runtime.js';
import type { ContainerStats } from '../lifecycle/stats.js';
import { OCI_VERSION, type OciProcess, type OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import { parseSignal } from '../model/signals.js';
import { runtimeFeatures } from './features.js';
import { filterPsOutput, listJson, listTable } from './format.js';
import { logError, logTargetOf } from './log-file.js';
import { writeDefaultSpec } from './spec-command.js';
import { resourcesFromFlags, type UpdateFlags } from './update-flags.js';
import { RUNTIME_VERSION } from './version.js';

/**
 * `berth-runtime`: runc's command line, so tools that drive runc (containerd, benchmarks)
 * can drive Berth. Each verb's work lives in the library; this file only parses options,
 * calls the Runtime and prints what runc would print.
 */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

/** Signals a foreground `run` passes on to the container, as runc does. */
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseUser(text: string): { uid: number; gid: number } {
  const match = /^(\d+)(?::(\d+))?$/.exec(text);
  if (!match) throw new RuntimeError('INVALID_ARGUMENT', `--user "${text}" must be UID or UID:GID (numbers)`);
  return { uid: Number(match[1]), gid: Number(match[2] ?? 0) };
}

function positiveInt(flag: string) {
  return (text: string): number => {
    if (!/^\d+$/.test(text)) throw new RuntimeError('INVALID_ARGUMENT', `${flag} "${text}" must be a whole number`);
    return Number(text);
  };
}

export function buildCli(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('berth-runtime')
    .description("Berth's OCI runtime, with runc's command line")
    .version(`berth-runtime version ${RUNTIME_VERSION}\nspec: ${OCI_VERSION}`, '-v, --version', 'print the version')
    .option('--root <dir>', 'state root for container state', process.env['BERTH_ROOT'] || '/run/berth')
    .option('--log <file>', 'also write errors to this file (runc --log)')
    .addOption(new Option('--log-format <format>', 'format of the --log lines').choices(['text', 'json']).default('text'))
    .option('--systemd-cgroup', 'cgroupsPath is systemd\'s "slice:prefix:name" (mapped onto cgroupfs)')
    .option('--debug', 'accepted for runc compatibility; errors are always logged in full')
    .addOption(new Option('--rootless <mode>', 'runc compatibility: only "false" or "auto" (Berth runs as root)').choices(['false', 'auto']))
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();
  // 'spawn': this process creates at most one container, so a fork server would only add an exec.
  // Loaded on first use: parsing the command line, `--help` and `--version` need no engine.
  const runtime = async () => {
    const { Runtime } = await import('../engine/runtime.js');
    return new Runtime({ root: program.opts<{ root: string }>().root, launcher: 'spawn' });
  };
  const print = (text: string) => io.stdout.write(text);

  program
    .command('spec')
    .description('create a default config.json in the bundle')
    .option('-b, --bundle <dir>', 'path to the bundle directory', '.')
    .action(async (options: { bundle: string }) => {
      await writeDefaultSpec(options.bundle);
    });

  const createOptions = (command: Command) =>
    command
      .option('-b, --bundle <dir>', 'path to the bundle directory', '.')
      .option('--pid-file <file>', "file to write the container's init pid to")
      .option('--console-socket <path>', 'unix socket to receive the pty master (config.json process.terminal true)')
      .option('--no-new-keyring', 'accepted for runc compatibility: Berth never makes a session keyring')
      .option('--init', 'run a tiny init as PID 1 that reaps zombies and forwards signals')
      .option('--log-max-size <bytes>', 'rotate container.log at this size', positiveInt('--log-max-size'))
      .option('--log-max-files <n>', 'number of log files to keep', positiveInt('--log-max-files'))
      .option('--userns-remap', "map container root to the unprivileged 'berth' range of /etc/subuid and /etc/subgid")
      .option('--privileged', 'all capabilities, no seccomp, no masked or read-only paths, all devices')
      .option('--preserve-fds <n>', 'pass file descriptors 3 .. 3+n-1 of this process to the container', positiveInt('--preserve-fds'));
  type CreateFlags = {
    bundle: string;
    pidFile?: string;
    consoleSocket?: string;
    init?: boolean;
    logMaxSize?: number;
    logMaxFiles?: number;
    usernsRemap?: boolean;
    privileged?: boolean;
    preserveFds?: number;
  };
  const toCreateOptions = (flags: CreateFlags) => {
    // `run` keeps the shim, which holds the pty and serves it on the attach socket.
    if (flags.consoleSocket) throw new RuntimeError('NOT_SUPPORTED', '--console-socket is only for create; run serves the pty on the attach socket');
    return {
      bundle: flags.bundle,
      pidFile: flags.pidFile,
      init: flags.init,
      log: { maxSize: flags.logMaxSize, maxFiles: flags.logMaxFiles },
      userns: flags.usernsRemap ? ('remap' as const) : undefined,
      privileged: flags.privileged,
      extraFiles: Array.from({ length: flags.preserveFds ?? 0 }, (_, index) => 3 + index),
    };
  };

  createOptions(program.command('create').description('create a container (its process waits for start)').argument('<id>')).action(
    async (id: string, flags: CreateFlags) => {
      // runc's model, which containerd's shim relies on: the container keeps our stdio and is
      // left to our subreaper when we exit.
      const { consoleSocket, ...rest } = flags;
      const options = toCreateOptions(rest);
      await (await runtime()).create(id, { ...options, stdio: 'inherit', consoleSocket: consoleSocket && resolve(consoleSocket) });
    },
  );

  program
    .command('start')
    .description('start a created container')
    .argument('<id>')
    .action(async (id: string) => {
      await (await runtime()).start(id);
    });

  createOptions(program.command('run').description('create and start a container; in the foreground, wait for it and delete it').argument('<id>'))
    .option('-d, --detach', 'detach from the container and leave it running')
    .action(async (id: string, flags: CreateFlags & { detach?: boolean }) => {
      const options = toCreateOptions(flags);
      if (flags.detach) {
        await (await runtime()).run(id, options);
        return;
      }
      setExitCode(await runForeground(await runtime(), id, options, io));
    });

  program
    .command('state')
    .description('print the OCI state of a container')
    .argument('<id>')
    .action(async (id: string) => {
      print(`${JSON.stringify(await (await runtime()).state(id), null, 2)}\n`);
    });

  program
    .command('kill')
    .description('send a signal (default SIGTERM) to the container init')
    .argument('<id>')
    .argument('[signal]', 'signal name or number', 'SIGTERM')
    .option('-a, --all', 'send the signal to every process in the container')
    .action(async (id: string, signal: string, flags: { all?: boolean }) => {
      await (await runtime()).kill(id, signal, { all: flags.all });
    });

  program
    .command('delete')
    .description('delete a stopped container (or, with --force, a running one)')
    .argument('<id>')
    .option('-f, --force', 'kill the container first if it is still running')
    .action(async (id: string, flags: { force?: boolean }) => {
      await (await runtime()).delete(id, { force: flags.force });
    });

  program
    .command('list')
    .description('list containers')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-q, --quiet', 'print only container ids')
    .action(async (flags: { format: 'table' | 'json'; quiet?: boolean }) => {
      const containers = await (await runtime()).list();
      if (flags.quiet) print(containers.map((c) => `${c.id}\n`).join(''));
      else print(flags.format === 'json' ? listJson(containers) : listTable(containers));
    });

  program
    .command('ps')
    .description("list the container's processes")
    .argument('<id>')
    .argument('[ps-args...]', 'arguments for ps(1) in table format', ['-ef'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .passThroughOptions()
    .action(async (id: string, psArgs: string[], flags: { format: 'table' | 'json' }) => {
      const pids = await (await runtime()).ps(id);
      if (flags.format === 'json') {
        print(`${JSON.stringify(pids)}\n`);
        return;
      }
      const { stdout } = await promisify(execFile)('ps', psArgs).catch((error: Error) => {
        throw new RuntimeError('PS_FAILED', `running ps ${psArgs.join(' ')}: ${error.message}`, { cause: error });
      });
      print(filterPsOutput(stdout, pids));
    });

  program
    .command('exec')
    .description('run a process in a running container')
    .argument('<id>')
    .argument('[command...]', 'command and arguments')
    .option('-t, --tty', 'allocate a pseudo-TTY')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect, [])
    .option('--cwd <dir>', 'working directory inside the container')
    .option('-u, --user <uid[:gid]>', 'user to run as', parseUser)
    .option('-d, --detach', 'detach from the process')
    .option('-p, --process <file>', 'process.json with the whole process (as in config.json)')
    .option('--pid-file <file>', "with --detach: file to write the process's host pid to")
    .option('--console-socket <path>', 'with --detach and a terminal: unix socket to receive the pty master')
    .passThroughOptions()
    .action(
      async (
        id: string,
        command: string[],
        flags: {
          tty?: boolean;
          env: string[];
          cwd?: string;
          user?: { uid: number; gid: number };
          detach?: boolean;
          process?: string;
          pidFile?: string;
          consoleSocket?: string;
        },
      ) => {
        const process = flags.process ? await readProcessFile(flags.process) : undefined;
        if (!process && command.length === 0) throw new RuntimeError('INVALID_ARGUMENT', 'exec needs a command (or --process)');
        const result = await (
          await runtime()
        ).exec(id, {
          process,
          args: command,
          env: flags.env.length > 0 ? flags.env : undefined,
          cwd: flags.cwd,
          user: flags.user,
          terminal: flags.tty ? true : undefined,
          detach: flags.detach,
          stdio: 'inherit',
          pidFile: flags.pidFile,
          consoleSocket: flags.consoleSocket && resolve(flags.consoleSocket),
        });
        if (result.exitCode !== undefined) setExitCode(result.exitCode);
      },
    );

  program
    .command('pause')
    .description('suspend every process in the container')
    .argument('<id>')
    .action(async (id: string) => {
      await (await runtime()).pause(id);
    });

  program
    .command('resume')
    .description('resume every process of a paused container')
    .argument('<id>')
    .action(async (id: string) => {
      await (await runtime()).resume(id);
    });

  program
    .command('update')
    .description("change a container's resource limits while it runs")
    .argument('<id>')
    .option('-r, --resources <file>', 'JSON file with linux.resources to apply ("-" for stdin)')
    .option('--memory <size>', 'memory limit, e.g. 512m (-1 for none)')
    .option('--memory-swap <size>', 'memory plus swap limit (-1 for none)')
    .option('--memory-reservation <size>', 'memory soft limit')
    .option('--cpus <n>', 'number of CPUs, e.g. 1.5')
    .option('--cpu-shares <n>', 'relative CPU weight (2-262144)')
    .option('--cpu-quota <us>', 'CFS quota in microseconds per period (-1 for none)')
    .option('--cpu-period <us>', 'CFS period in microseconds')
    .option('--cpuset-cpus <list>', 'CPUs allowed, e.g. 0-2,4')
    .option('--cpuset-mems <list>', 'memory nodes allowed')
    .option('--pids-limit <n>', 'maximum number of processes (-1 for none)')
    .option('--blkio-weight <n>', 'block IO weight (10-1000)')
    .action(async (id: string, flags: UpdateFlags & { resources?: string }) => {
      const base = flags.resources ? await readResourcesFile(flags.resources, io.stdin) : {};
      await (await runtime()).update(id, resourcesFromFlags(flags, base));
    });

  program
    .command('features')
    .description('print what this runtime supports, as runtime-spec features JSON')
    .action(() => {
      print(`${JSON.stringify(runtimeFeatures(), null, 2)}\n`);
    });

  program
    .command('events')
    .description("print the container's cgroup stats as JSON: once with --stats, else every interval until it stops")
    .argument('<id>')
    .option('--stats', 'print one stats document and exit')
    .option('--interval <seconds>', 'time between readings', (text) => Number(text), 5)
    .action(async (id: string, flags: { stats?: boolean; interval: number }) => {
      if (!(flags.interval > 0)) throw new RuntimeError('INVALID_ARGUMENT', '--interval must be a positive number of seconds');
      // runc's envelope, so tools that read `runc events` read these.
      const line = (data: ContainerStats) => print(`${JSON.stringify({ type: 'stats', id, data })}\n`);
      if (flags.stats) {
        line(await (await runtime()).stats(id));
        return;
      }
      for await (const reading of (await runtime()).statsStream(id, flags.interval * 1000)) line(reading);
    });

  return program;
}

async function readResourcesFile(path: string, stdin: Readable): Promise<OciResources> {
  try {
    let text = '';
    if (path === '-') for await (const chunk of stdin) text += String(chunk);
    else text = await readFile(path, 'utf8');
    return JSON.parse(text) as OciResources;
  } catch (error) {
    throw new RuntimeError('INVALID_ARGUMENT', `--resources ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function readProcessFile(path: string): Promise<OciProcess> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as OciProcess;
  } catch (error) {
    throw new RuntimeError('INVALID_ARGUMENT', `--process ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Foreground `run`: our stdio is the container's, signals we get are passed on, its exit code is ours. */
async function runForeground(runtime: Runtime, id: string, options: Parameters<Runtime['create']>[1], io: CliIo): Promise<number> {
  const forward = (signal: NodeJS.Signals) => {
    // The container may just have exited; then there is nobody left to tell.
    runtime.kill(id, parseSignal(signal)).catch(() => undefined);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  const raw = io.stdin.isTTY && io.stdin.setRawMode;
  if (raw) io.stdin.setRawMode!(true);
  try {
    const exit = await runtime.runAttached(id, options, io);
    return exit.exitCode;
  } finally {
    if (raw) io.stdin.setRawMode!(false);
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  }
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  let exitCode = 0;
  const log = logTargetOf(argv);
  try {
    await buildCli(io, (code) => (exitCode = code)).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof RuntimeError) {
      const line = `berth-runtime: ${error.code}: ${error.message}`;
      io.stderr.write(`${line}\n`);
      logError(log, line);
      return 1;
    }
    // Commander has already printed its usage message; help and --version exit 0.
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0) logError(log, `berth-runtime: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}
