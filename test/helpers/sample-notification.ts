import type { MibDefinition, ObjectInfo } from '../../src/smi/types.js';
import { MISP_AGENTX_MIB } from '../../src/mib/module.js';

function objectNamed(name: string): ObjectInfo {
  const object = MISP_AGENTX_MIB.branches.flatMap((b) => b.objects).find((o) => o.name === name);
  if (object === undefined) throw new Error(`no object ${name}`);
  return object;
}

/** The module with one notification, as the notifications issue will add them. */
export function sampleNotificationModule(): MibDefinition {
  return {
    ...MISP_AGENTX_MIB,
    notifications: [
      {
        name: 'mispInstanceStatusChange',
        arc: 1,
        objects: [objectNamed('mispInstanceName'), objectNamed('mispInstanceStatus')],
        description: 'The overall status of a MISP instance changed.',
      },
    ],
  };
}
