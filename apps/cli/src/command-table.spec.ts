import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createContext } from './cli-context.js';
import { COMMAND_MODULES, modulesFor } from './command-table.js';

const context = createContext({ env: {}, stdout: { write: () => undefined }, stderr: { write: () => undefined }, stdinIsTTY: false }, () => undefined);

describe('COMMAND_MODULES', () => {
  it.each(COMMAND_MODULES.map((module) => [module.names.join(' '), module] as const))('%s: the names match what the file registers', async (_, module) => {
    const program = new Command('berth').enablePositionalOptions();
    (await module.load())(program, context);
    expect(program.commands.map((command) => command.name())).toEqual([...module.names]);
  });

  it('names each command once', () => {
    const names = COMMAND_MODULES.flatMap((module) => module.names);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('modulesFor', () => {
  const argv = (...words: string[]) => ['node', 'berth', ...words];

  it('loads only the file owning the command word', () => {
    expect(modulesFor(argv('ps', '-a')).map((module) => module.names)).toEqual([['ps']]);
    expect(modulesFor(argv('pull', 'busybox')).map((module) => module.names[0])).toEqual(['image']);
  });

  it('loads nothing for --version', () => {
    expect(modulesFor(argv('--version'))).toEqual([]);
    expect(modulesFor(argv('-v'))).toEqual([]);
  });

  it('loads every file for help or an unknown word', () => {
    expect(modulesFor(argv())).toHaveLength(COMMAND_MODULES.length);
    expect(modulesFor(argv('--help'))).toHaveLength(COMMAND_MODULES.length);
    expect(modulesFor(argv('nosuch'))).toHaveLength(COMMAND_MODULES.length);
  });
});
