import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimState } from './scenario.js';

export interface SimulatedSupervisord {
  /** http://127.0.0.1:port, as MISP's SimpleBackgroundJobs.supervisor_host and supervisor_port name it. */
  readonly url: string;
  close(): Promise<void>;
}

/** supervisord's process states (supervisor/states.py). */
const RUNNING = { code: 20, name: 'RUNNING' };
const STOPPED = { code: 0, name: 'STOPPED' };

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function member(name: string, value: string | number): string {
  const typed = typeof value === 'number' ? `<int>${value}</int>` : `<string>${escapeXml(value)}</string>`;
  return `<member>\n<name>${name}</name>\n<value>${typed}</value>\n</member>\n`;
}

/**
 * getAllProcessInfo as supervisord answers it for MISP's [group:misp-workers]: one process per
 * simulated worker, named <queue>_NN; a dead worker is STOPPED with pid 0. Python's marshaller
 * layout (a newline after most tags), so the parser meets what it meets in the field.
 */
function processInfoAnswer(state: SimState): string {
  const processes = Object.entries(state.queues).flatMap(([queue, { workers }]) =>
    workers.map((worker, i) => {
      const running = worker.state !== 'dead';
      const status = running ? RUNNING : STOPPED;
      return (
        '<value><struct>\n' +
        member('name', `${queue}_${String(i).padStart(2, '0')}`) +
        member('group', 'misp-workers') +
        member('description', running ? `pid ${worker.pid}, uptime 0:10:00` : 'Nov 28 11:00 PM') +
        member('state', status.code) +
        member('statename', status.name) +
        member('pid', running ? worker.pid : 0) +
        member('exitstatus', 0) +
        member('spawnerr', '') +
        '</struct></value>\n'
      );
    }),
  );
  return `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n${processes.join('')}</data></array></value>\n</param>\n</params>\n</methodResponse>\n`;
}

function fault(text: string): string {
  return `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n${member('faultCode', 1)}${member('faultString', text)}</struct></value>\n</fault>\n</methodResponse>\n`;
}

/**
 * A supervisord [inet_http_server] on 127.0.0.1 with basic authentication, answering the
 * XML-RPC call the agent makes from the simulated MISP's state. While state.supervisord is false
 * it drops every connection, as a stopped supervisord refuses them.
 */
export async function startSimulatedSupervisord(state: SimState, credentials: { username: string; password: string }): Promise<SimulatedSupervisord> {
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!state.supervisord) return void request.socket.destroy();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.headers.authorization !== expected) {
        response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="default"' });
        return void response.end('Unauthorized');
      }
      const call = Buffer.concat(chunks).toString('utf8');
      const body = request.url === '/RPC2' && call.includes('<methodName>supervisor.getAllProcessInfo</methodName>') ? processInfoAnswer(state) : fault('UNKNOWN_METHOD');
      response.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
