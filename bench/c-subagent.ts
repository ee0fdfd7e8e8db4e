import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SnmpClient } from '../src/snmp/manager.js';
import { waitFor } from '../src/common/wait.js';

export const SNMPD_PATH = '/usr/sbin/snmpd';
/** Objects each C subagent serves: more than the MISP subtree holds, so walks of both can stop at the same count. */
export const C_SUBAGENT_OBJECTS = 400;
const TABLE_COLUMNS = 4;
const TABLE_ROWS = C_SUBAGENT_OBJECTS / TABLE_COLUMNS;

/**
 * How the C subagent registers its objects with the master:
 * - `table`: one table of TABLE_ROWS rows of TABLE_COLUMNS constants, one registration (as a
 *   mib2c-style C subagent registers a table, and as misp-agentx registers its one subtree);
 * - `override`: one `override` line per object, each its own registration, which lengthens
 *   snmpd's list of registered subtrees and slows its lookup for this subagent.
 */
export type CSubagentKind = 'table' | 'override';

/** Under netSnmpPlaypen (1.3.6.1.4.1.8072.9999.9999), away from the MISP root; 2741 is AgentX's RFC. */
const PLAYPEN = '1.3.6.1.4.1.8072.9999.9999';
const ROOTS: Readonly<Record<CSubagentKind, string>> = {
  table: `${PLAYPEN}.2741`,
  // After the table's root: snmpd searches its registrations in OID order and stops at the first
  // one past the OID asked, so these 400 never lengthen the search for the table or the MISP subtree.
  override: `${PLAYPEN}.2742`,
};

export interface CSubagentShape {
  readonly kind: CSubagentKind;
  readonly root: string;
  /** The object the GET figures use. */
  readonly getOid: string;
  /** Registrations the subagent makes with the master (nsModuleTable rows). */
  readonly registrations: number;
}

export const C_SUBAGENTS: Readonly<Record<CSubagentKind, CSubagentShape>> = {
  // benchTable.benchEntry.benchValue1.<row 1>
  table: { kind: 'table', root: ROOTS.table, getOid: `${ROOTS.table}.1.2.1`, registrations: 1 },
  override: { kind: 'override', root: ROOTS.override, getOid: `${ROOTS.override}.1.0`, registrations: C_SUBAGENT_OBJECTS },
};

const MIB_MODULE = 'MISP-AGENTX-BENCH-MIB';

/** A table of Integer32 columns for snmpd's `table`/`add_row` directives, which build it from its MIB definition. */
function benchMib(): string {
  const columns = Array.from({ length: TABLE_COLUMNS }, (_, i) => `benchValue${i + 1}`);
  const column = (name: string, n: number): string =>
    `${name} OBJECT-TYPE\n    SYNTAX Integer32\n    MAX-ACCESS read-only\n    STATUS current\n    DESCRIPTION "A constant."\n    ::= { benchEntry ${n} }\n`;
  return `${MIB_MODULE} DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32 FROM SNMPv2-SMI netSnmpPlaypen FROM NET-SNMP-MIB;
benchTable OBJECT-TYPE
    SYNTAX SEQUENCE OF BenchEntry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "Constants served by net-snmp's C subagent for the benchmark."
    ::= { netSnmpPlaypen 2741 }
benchEntry OBJECT-TYPE
    SYNTAX BenchEntry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "A row."
    INDEX { benchIndex }
    ::= { benchTable 1 }
BenchEntry ::= SEQUENCE { benchIndex Integer32, ${columns.map((c) => `${c} Integer32`).join(', ')} }
benchIndex OBJECT-TYPE
    SYNTAX Integer32 (1..2147483647)
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "The row."
    ::= { benchEntry 1 }
${columns.map((c, i) => column(c, i + 2)).join('')}END
`;
}

/** The value the subagent serves at its GET object, to know it is up. */
const FIRST_VALUE = 1;

function configLines(kind: CSubagentKind): string[] {
  if (kind === 'override') return Array.from({ length: C_SUBAGENT_OBJECTS }, (_, i) => `override .${ROOTS.override}.${i + 1}.0 integer ${i + FIRST_VALUE}`);
  const rows = Array.from({ length: TABLE_ROWS }, (_, r) => `add_row benchTable ${r + 1} ${Array.from({ length: TABLE_COLUMNS }, (_, c) => c * TABLE_ROWS + r + FIRST_VALUE).join(' ')}`);
  return ['table benchTable', ...rows];
}

/** The IETF MIBs (SNMPv2-SMI...), which Debian does not ship, come with net-snmp's npm package. */
function ietfMibDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('net-snmp')), 'lib/mibs');
}

/**
 * net-snmp's own AgentX subagent written in C (`snmpd -X`), loading only the module it needs to
 * serve constants through the same master: what the AgentX hop costs when the subagent is C.
 */
export class CSubagent {
  private constructor(
    readonly shape: CSubagentShape,
    private readonly child: ChildProcess,
  ) {}

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the C subagent did not start');
    return this.child.pid;
  }

  static async start(kind: CSubagentKind, dir: string, agentxSocket: string, snmpPort: number): Promise<CSubagent> {
    const shape = C_SUBAGENTS[kind];
    const home = join(dir, `c-subagent-${kind}`);
    mkdirSync(home, { recursive: true });
    const config = join(home, 'subagent.conf');
    writeFileSync(join(home, `${MIB_MODULE}.txt`), benchMib());
    writeFileSync(config, [`agentXSocket ${agentxSocket}`, ...configLines(kind), ''].join('\n'));
    // The table comes from snmpd's `table` and `add_row` directives (agent/helpers/table_dataset.c), not from a MIB module.
    const module = 'override';
    const mibs = kind === 'table' ? { MIBS: MIB_MODULE, MIBDIRS: `${home}:/usr/share/snmp/mibs:${ietfMibDir()}` } : { MIBS: '', MIBDIRS: '' };
    const child = spawn(SNMPD_PATH, ['-f', '-Lo', '-C', '-X', '-I', module, '-c', config], {
      env: { ...process.env, ...mibs, SNMP_PERSISTENT_DIR: home },
      stdio: 'ignore',
    });
    const subagent = new CSubagent(shape, child);
    const client = new SnmpClient(snmpPort, { timeoutMs: 500 });
    try {
      await waitFor(`the C subagent (${kind}) to serve its object`, async () => (await client.get([shape.getOid]).catch(() => []))[0]?.value === FIRST_VALUE, 10_000, 50);
    } catch (error) {
      await subagent.stop();
      throw error;
    } finally {
      client.close();
    }
    return subagent;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await gone;
  }
}
