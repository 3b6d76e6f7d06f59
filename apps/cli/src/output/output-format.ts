import { Option, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';

/** `table` for people, `json` for scripts: the same data either way. */
export type OutputFormat = 'table' | 'json';

/** Adds `-o, --output table|json` to a listing or inspect command. */
export function withOutputOption(command: Command, defaultFormat: OutputFormat = 'table'): Command {
  return command.addOption(new Option('-o, --output <format>', 'table for people, json for scripts').choices(['table', 'json']).default(defaultFormat));
}

export function printJson(context: CliContext, value: unknown): void {
  context.out(`${JSON.stringify(value, null, 2)}\n`);
}
