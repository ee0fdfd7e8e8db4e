import { columnLines } from '../common/table.js';
import type { Command, OptionSpec } from './command.js';

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries({ ...options, help: HELP_OPTION }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.valueName ? ` ${spec.valueName}` : ''}`;
    return [flag, spec.description];
  });
  return columnLines(rows, '  ');
}

export const EXIT_CODES_LINE = 'Exit codes: 0 ok, 1 a problem was found, 2 command-line mistake, 78 configuration error.';

export function programHelp(commands: readonly Command[], version: string): string {
  return [
    `misp-agentx ${version}: an SNMP AgentX subagent that lets any SNMP manager watch MISP servers.`,
    '',
    'Usage: misp-agentx <command> [options]',
    '       misp-agentx --help | --version',
    '',
    'Commands:',
    ...columnLines(commands.map((command) => [command.name, command.summary]), '  '),
    '',
    'Run "misp-agentx <command> --help" for the options of a command.',
    EXIT_CODES_LINE,
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [`Usage: misp-agentx ${command.name} [options]`, '', command.description, '', 'Options:', ...optionLines(command.options), '', EXIT_CODES_LINE, ''].join('\n');
}
