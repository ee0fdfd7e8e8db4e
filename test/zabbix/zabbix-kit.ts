import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { freeTcpPort } from '../../src/demo/free-port.js';
import { waitFor } from '../../src/common/wait.js';

/**
 * Debian's Zabbix 6.0 server and frontend for npm run test:zabbix, on loopback only: installed
 * (scripts/test-zabbix-install.sh), the server run in the foreground from a private configuration,
 * the frontend served by PHP's built-in server, and its JSON-RPC API.
 */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FRONTEND = '/usr/share/zabbix';
/** Where Debian's frontend reads its configuration (CConfigFile::CONFIG_FILE_PATH). */
const FRONTEND_CONF = '/etc/zabbix/zabbix.conf.php';
const OUR_MARK = '// Written by misp-agentx test:zabbix; removed when it ends.';
export const DB = 'zabbix_misp_test';
const DB_USER = 'zabbix_misp_test';

/** A free TCP port on 127.0.0.1 that Zabbix accepts as ListenPort (1024-32767; the kernel's own picks are above). */
async function freeListenPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000 on 127.0.0.1');
}

export class ZabbixKit {
  private server?: ChildProcess;
  private frontend?: ChildProcess;
  private mariadbStarted = false;
  private readonly dir = mkdtempSync(join(tmpdir(), 'misp-agentx-zabbix-'));
  private auth = '';
  apiUrl = '';

  /** Installs (once) and starts everything; the server polls nothing until a host is created. */
  async start(): Promise<void> {
    const out = execFileSync('bash', [join(PACKAGE_ROOT, 'scripts/test-zabbix-install.sh')], { encoding: 'utf8', timeout: 15 * 60_000, stdio: ['ignore', 'pipe', 'inherit'] });
    this.mariadbStarted = out.includes('MARIADB_STARTED=1');
    const password = `t${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    execFileSync('mariadb', ['-e', `CREATE OR REPLACE USER '${DB_USER}'@'localhost' IDENTIFIED BY '${password}'; GRANT ALL ON \`${DB}\`.* TO '${DB_USER}'@'localhost'`]);
    const listenPort = await freeListenPort();
    const conf = join(this.dir, 'zabbix_server.conf');
    writeFileSync(
      conf,
      [
        `LogFile=${join(this.dir, 'zabbix_server.log')}`,
        `PidFile=${join(this.dir, 'zabbix_server.pid')}`,
        `SocketDir=${this.dir}`,
        'DBHost=localhost',
        `DBName=${DB}`,
        `DBUser=${DB_USER}`,
        `DBPassword=${password}`,
        'DBSocket=/run/mysqld/mysqld.sock',
        // Debian 12's MariaDB 10.11 is newer than Zabbix 6.0.14 knows.
        'AllowUnsupportedDBVersions=1',
        'ListenIP=127.0.0.1',
        `ListenPort=${listenPort}`,
        'AllowRoot=1',
        'StartPollers=3',
        'StartPollersUnreachable=1',
        // Nothing that could reach beyond loopback: no network discovery, no pingers, no web scenarios, no VMware.
        'StartDiscoverers=0',
        'StartPingers=0',
        'StartHTTPPollers=0',
        'StartVMwareCollectors=0',
        'StartSNMPTrapper=0',
        'HousekeepingFrequency=0',
        'CacheUpdateFrequency=2',
        'Timeout=3',
        'UnavailableDelay=10',
        'UnreachablePeriod=10',
        'UnreachableDelay=5',
        '',
      ].join('\n'),
    );
    const log = openSync(join(this.dir, 'server.out'), 'a');
    this.server = spawn('/usr/sbin/zabbix_server', ['-f', '-c', conf], { stdio: ['ignore', log, log] });
    if (existsSync(FRONTEND_CONF) && !readFileSync(FRONTEND_CONF, 'utf8').includes(OUR_MARK)) throw new Error(`${FRONTEND_CONF} exists: a real Zabbix frontend is configured here, not touching it`);
    writeFileSync(
      FRONTEND_CONF,
      `<?php\n${OUR_MARK}\n$DB['TYPE'] = 'MYSQL';\n$DB['SERVER'] = 'localhost';\n$DB['PORT'] = '0';\n$DB['DATABASE'] = '${DB}';\n$DB['USER'] = '${DB_USER}';\n$DB['PASSWORD'] = '${password}';\n$DB['SCHEMA'] = '';\n$DB['DOUBLE_IEEE754'] = true;\n$ZBX_SERVER = '127.0.0.1';\n$ZBX_SERVER_PORT = '${listenPort}';\n$ZBX_SERVER_NAME = 'misp-agentx test';\n$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;\n`,
    );
    const webPort = await freeTcpPort();
    const webLog = openSync(join(this.dir, 'php.out'), 'a');
    this.frontend = spawn('php', ['-d', 'post_max_size=16M', '-d', 'max_execution_time=300', '-d', 'memory_limit=256M', '-d', 'date.timezone=UTC', '-S', `127.0.0.1:${webPort}`, '-t', FRONTEND], {
      stdio: ['ignore', webLog, webLog],
    });
    this.apiUrl = `http://127.0.0.1:${webPort}/api_jsonrpc.php`;
    await waitFor(
      'the Zabbix frontend to answer',
      async () => {
        try {
          this.auth = (await this.call('user.login', { username: 'Admin', password: 'zabbix' })) as string;
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      500,
    );
    await this.deleteTestHosts();
    await waitFor('the Zabbix server to start', () => this.serverLog().includes('server #0 started') || this.server?.exitCode !== null, 60_000, 500).catch((error: unknown) => {
      throw new Error(`${String(error)}; its log:\n${this.serverLog().slice(-3000)}${readFileSync(join(this.dir, 'server.out'), 'utf8').slice(-2000)}`);
    });
    if (this.server?.exitCode !== null) throw new Error(`the Zabbix server exited:\n${this.serverLog().slice(-3000)}${readFileSync(join(this.dir, 'server.out'), 'utf8').slice(-2000)}`);
  }

  /** Hosts of this test (a leftover of an interrupted run would be polled on an old port). */
  async deleteTestHosts(): Promise<void> {
    const hosts = (await this.call('host.get', { output: ['hostid'], search: { host: 'misp-agentx-test' }, startSearch: true })) as { hostid: string }[];
    if (hosts.length > 0) await this.call('host.delete', hosts.map((h) => h.hostid));
  }

  serverLog(): string {
    try {
      return readFileSync(join(this.dir, 'zabbix_server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** One API call; throws with Zabbix's error. */
  async call(method: string, params: unknown): Promise<any> {
    const body = { jsonrpc: '2.0', method, params, id: 1, ...(this.auth && method !== 'user.login' && method !== 'apiinfo.version' ? { auth: this.auth } : {}) };
    const response = await fetch(this.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json-rpc' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
    const answer = (await response.json()) as { result?: unknown; error?: { message: string; data: string } };
    if (answer.error) throw new Error(`${method}: ${answer.error.message} ${answer.error.data}`);
    return answer.result;
  }

  /** Reloads the server's configuration cache now (runtime control), so new hosts and items are polled at once. */
  reloadConfig(): void {
    execFileSync('/usr/sbin/zabbix_server', ['-c', join(this.dir, 'zabbix_server.conf'), '-R', 'config_cache_reload'], { stdio: 'ignore', timeout: 10_000 });
  }

  async stop(): Promise<void> {
    const stopChild = async (child: ChildProcess | undefined): Promise<void> => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    };
    await this.deleteTestHosts().catch(() => undefined);
    await stopChild(this.frontend);
    await stopChild(this.server);
    rmSync(FRONTEND_CONF, { force: true });
    try {
      execFileSync('mariadb', ['-e', `DROP USER IF EXISTS '${DB_USER}'@'localhost'`]);
    } catch {
      // MariaDB gone: nothing to tidy.
    }
    if (this.mariadbStarted) {
      // Started by us; stopped unless another client (the real-MISP suite) uses it meanwhile.
      const others = execFileSync('mariadb', ['-N', '-B', '-e', "SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND user NOT IN ('system user', 'event_scheduler')"], { encoding: 'utf8' }).trim();
      if (others === '0') execFileSync('service', ['mariadb', 'stop'], { stdio: 'ignore' });
      else console.log(`test:zabbix: MariaDB left running: ${others} other connections`);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
