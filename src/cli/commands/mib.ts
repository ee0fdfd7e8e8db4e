import { renderMib } from '../../mib/index.js';
import { rootPrintingCommand } from '../root-for-command.js';

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
