import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';

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

/** misp-agentx's exit codes; documented in docs/configuration.md and `--help`. */
export const EXIT = {
  ok: 0,
  /** check or doctor found something wrong; run failed at runtime. */
  problem: 1,
  /** Unknown command, option or argument. */
  usage: 2,
  /** EX_CONFIG (sysexits.h): the unit uses RestartPreventExitStatus=78 so a bad file is not retried in a loop. */
  config: 78,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The command whose --help to point at, or '' for the program's. */
    readonly command: string,
  ) {
    super(message);
  }
}

/** The version in package.json, which sits two levels above both src/cli/ and dist/cli/. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
