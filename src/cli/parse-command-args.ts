import { type ParseArgsConfig, parseArgs } from 'node:util';
import { nearestName } from '../config/suggest.js';
import type { Command, OptionValues } from './command.js';
import { UsageError } from './command.js';

function optionsConfig(command: Command): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  return options;
}

/** Turns node's parseArgs errors into short messages, with the nearest option suggested. */
function usageErrorOf(error: unknown, command: Command): UsageError {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = quoted.replace(/^-+/, '').split(/[ =]/)[0] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const suggestion = nearestName(option, ['help', ...Object.keys(command.options)]);
      const hint = suggestion === undefined ? '' : `; did you mean --${suggestion}?`;
      return new UsageError(`unknown option ${quoted} for "${command.name}"${hint}`, command.name);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      // node writes "Option '-c, --config <value>' argument missing" or "Option '--help' does not take an argument".
      return new UsageError(`option ${/--[\w-]+/.exec(quoted)?.[0] ?? quoted} ${message.includes('argument missing') ? 'needs a value' : 'takes no value'}`, command.name);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${JSON.stringify(quoted)} for "${command.name}"`, command.name);
    default:
      return new UsageError(message, command.name);
  }
}

/** Parses a command's arguments strictly; a mistake throws UsageError. */
export function parseCommandArgs(command: Command, args: readonly string[]): OptionValues {
  try {
    return parseArgs({ args: [...args], options: optionsConfig(command), strict: true, allowPositionals: false }).values as OptionValues;
  } catch (error) {
    throw usageErrorOf(error, command);
  }
}
