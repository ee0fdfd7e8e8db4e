import type { Oid } from '../../snmp/oid.js';
import { CONFIG_OPTION, type Command, type CommandContext, type OptionSpec, type OptionValues, EXIT, UsageError } from '../command.js';
import { DEFAULT_ROOT, renderOidList } from '../../mib/index.js';
import { renderMib } from '../../mib/render/index.js';
import { configIsPresent, configLoader } from '../load-for-command.js';
import { parseOidRoot, OID_ROOT_EXPECTED } from '../../config/oid-root.js';

export const ROOT_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'OID',
  description: 'root OID of the subtree (default: agentx.oidRoot of the configuration, else the MIB\'s default)',
};

/**
 * The root for mib and oids: --root, else the configured one (keys are not read), else DEFAULT_ROOT.
 * Null when the configuration is wrong (already printed).
 */
export function rootForCommand(commandName: string, values: OptionValues, context: CommandContext): Oid | null {
  const flag = values['root'];
  if (typeof flag === 'string') {
    const root = parseOidRoot(flag);
    if (root === undefined) throw new UsageError(`--root ${flag}: expected ${OID_ROOT_EXPECTED}`, commandName);
    return root;
  }
  if (!configIsPresent(values, context.env)) return DEFAULT_ROOT;
  return configLoader(values, context, { readKeys: false })()?.agentx.oidRoot ?? null;
}

/** A command that prints text made for the root (mib, oids). */
export function rootPrintingCommand(about: Pick<Command, 'name' | 'summary' | 'description'>, render: (root: Oid) => string): Command {
  return {
    ...about,
    options: { root: ROOT_OPTION, config: CONFIG_OPTION },
    async run(values, context) {
      const root = rootForCommand(about.name, values, context);
      if (root === null) return EXIT.config;
      context.stdout.write(render(root));
      return EXIT.ok;
    },
  };
}

export const mibCommand = rootPrintingCommand(
  {
    name: 'mib',
    summary: 'print MISP-AGENTX-MIB (SMIv2) for the configured or given root',
    description: [
      'Prints the MIB module for the root the daemon serves, ready for a manager\'s MIB folder',
      '(e.g. misp-agentx mib > /usr/share/snmp/mibs/MISP-AGENTX-MIB.txt).',
    ].join('\n'),
  },
  renderMib,
);

export const oidsCommand = rootPrintingCommand(
  {
    name: 'oids',
    summary: 'list every object with its numeric OID (for Cacti and other managers)',
    description: [
      'Prints one line per readable object: numeric OID, name, syntax. Scalars end in .0; for a table',
      'column append the row index (.1 for the first configured MISP instance).',
    ].join('\n'),
  },
  renderOidList,
);
