import { renderOidList } from '../../mib/index.js';
import { rootPrintingCommand } from '../root-for-command.js';

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
