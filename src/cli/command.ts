import type { Writable } from 'node:stream';
import type { ExitCode } from './exit-codes.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown in help as "--name VALUE". */
  readonly valueName?: string;
  readonly description: string;
}

export interface CommandContext {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** One subcommand of misp-agentx: its help and what it does. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraphs shown by `misp-agentx <name> --help`. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(values: OptionValues, context: CommandContext): Promise<ExitCode>;
}

/** The option most commands share. */
export const CONFIG_OPTION: OptionSpec = {
  type: 'string',
  short: 'c',
  valueName: 'PATH',
  description: 'configuration file (default: $MISP_AGENTX_CONFIG, else /etc/misp-agentx/config.yaml)',
};
