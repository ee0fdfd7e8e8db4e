import snmp from 'net-snmp';

/** A varbind as net-snmp's manager side returns it. */
export interface ManagerVarbind {
  oid: string;
  type: number;
  value: unknown;
}

/** net-snmp's varbind type numbers, by name. */
export const T = snmp.ObjectType as {
  readonly Integer: number;
  readonly OctetString: number;
  readonly OID: number;
  readonly IpAddress: number;
  readonly Counter: number;
  readonly Gauge: number;
  readonly TimeTicks: number;
  readonly Opaque: number;
  readonly Counter64: number;
  readonly NoSuchObject: number;
  readonly NoSuchInstance: number;
  readonly EndOfMibView: number;
};

export interface SnmpClientOptions {
  /** 127.0.0.1 unless given. */
  readonly host?: string;
  readonly community?: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

/**
 * Promise wrappers around one net-snmp v2c manager session: the one way this project (doctor,
 * demo, tests, benchmarks) asks an SNMP agent something.
 */
export class SnmpClient {
  private readonly session: any;

  constructor(port: number, options: SnmpClientOptions = {}) {
    this.session = snmp.createSession(options.host ?? '127.0.0.1', options.community ?? 'public', {
      port,
      version: snmp.Version2c,
      timeout: options.timeoutMs ?? 2000,
      retries: options.retries ?? 0,
    });
    this.session.on('error', () => undefined);
  }

  private call(method: string, ...args: unknown[]): Promise<ManagerVarbind[]> {
    return new Promise((resolve, reject) => {
      this.session[method](...args, (error: Error | null, varbinds: ManagerVarbind[]) => (error ? reject(error) : resolve(varbinds)));
    });
  }

  get(oids: string[]): Promise<ManagerVarbind[]> {
    return this.call('get', oids);
  }

  getNext(oids: string[]): Promise<ManagerVarbind[]> {
    return this.call('getNext', oids);
  }

  getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number): Promise<ManagerVarbind[]> {
    return this.call('getBulk', oids, nonRepeaters, maxRepetitions);
  }

  set(varbinds: { oid: string; type: number; value: unknown }[]): Promise<ManagerVarbind[]> {
    return this.call('set', varbinds);
  }

  /** Every varbind under `root`, by GETNEXT. */
  async walk(root: string): Promise<ManagerVarbind[]> {
    const out: ManagerVarbind[] = [];
    let cursor = root;
    for (;;) {
      const [vb] = await this.getNext([cursor]);
      if (!vb || vb.type === T.EndOfMibView || !vb.oid.startsWith(`${root}.`)) return out;
      out.push(vb);
      cursor = vb.oid;
    }
  }

  close(): void {
    this.session.close();
  }
}

/** One request on a session of its own, closed after; throws what the request throws. */
export async function once<T>(port: number, options: SnmpClientOptions, ask: (client: SnmpClient) => Promise<T>): Promise<T> {
  const client = new SnmpClient(port, options);
  try {
    return await ask(client);
  } finally {
    client.close();
  }
}

/** One GET of one OID with a short timeout, on its own session: the varbind, or null when nothing answers. */
export async function getOnce(port: number, oid: string, timeoutMs = 300, community = 'public'): Promise<ManagerVarbind | null> {
  try {
    const [varbind] = await once(port, { timeoutMs, community }, (client) => client.get([oid]));
    return varbind ?? null;
  } catch {
    return null;
  }
}

/** net-snmp hands Counter64 over as big-endian bytes. */
export function counter64Value(value: unknown): bigint {
  const bytes = value as Buffer;
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}
