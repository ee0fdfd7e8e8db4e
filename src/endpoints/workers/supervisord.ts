import { request } from '../../http/undici.js';
import type { InstanceConfig, SupervisorConfig } from '../../domain/instance-config.js';
import { classifyThrown } from '../../http/classify.js';
import { PollError } from '../../http/poll-error.js';
import { readBody } from '../../http/read-body.js';
import { parseXmlRpcAnswer, xmlRpcCall, XmlRpcError } from '../../http/xml-rpc.js';

/** MISP's process group for SimpleBackgroundJobs workers (BackgroundJobsTool::MISP_WORKERS_PROCESS_GROUP). */
const WORKERS_GROUP = 'misp-workers';
const MAX_ANSWER_BYTES = 1024 * 1024;

/** The processes supervisord is configured to run per MISP queue, whatever their state (RUNNING, STOPPED, FATAL...). */
export type ConfiguredProcesses = ReadonlyMap<string, number>;

/**
 * Counts the misp-workers processes per queue; the queue is the process name before its first
 * "_", as BackgroundJobsTool::getWorkers() reads it (default_00 -> default).
 */
export function processesPerQueue(answer: unknown): ConfiguredProcesses {
  if (!Array.isArray(answer)) throw new PollError('invalidResponse', 'supervisord getAllProcessInfo: the answer is not a list');
  const counts = new Map<string, number>();
  for (const process of answer) {
    if (process === null || typeof process !== 'object' || Array.isArray(process)) continue;
    const { group, name } = process as Record<string, unknown>;
    if (group !== WORKERS_GROUP || typeof name !== 'string') continue;
    const queue = name.split('_')[0] ?? name;
    counts.set(queue, (counts.get(queue) ?? 0) + 1);
  }
  return counts;
}

/** One supervisor.getAllProcessInfo call on a connection of its own; failures come out as PollErrors. */
export async function fetchConfiguredProcesses(supervisor: SupervisorConfig, timeouts: InstanceConfig['timeouts'], signal: AbortSignal): Promise<ConfiguredProcesses> {
  const base = new URL(supervisor.url);
  const credentials = Buffer.from(`${supervisor.username}:${supervisor.password}`).toString('base64');
  try {
    const response = await request(new URL('/RPC2', base), {
      method: 'POST',
      headers: {
        'content-type': 'text/xml',
        'user-agent': 'misp-agentx',
        ...(supervisor.username !== '' ? { authorization: `Basic ${credentials}` } : {}),
      },
      body: xmlRpcCall('supervisor.getAllProcessInfo'),
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      signal,
    });
    const length = response.headers['content-length'];
    const body = await readBody(response.body, typeof length === 'string' ? length : undefined, { maxBytes: MAX_ANSWER_BYTES, bodyMs: timeouts.bodyMs });
    if (response.statusCode === 401) throw new PollError('authFailed', 'supervisord XML-RPC: HTTP 401 (username or password refused)');
    if (response.statusCode !== 200) throw new PollError('invalidResponse', `supervisord XML-RPC: HTTP ${response.statusCode}`);
    return processesPerQueue(parseXmlRpcAnswer(body.toString('utf8')));
  } catch (error) {
    if (error instanceof XmlRpcError) throw new PollError('invalidResponse', `supervisord XML-RPC: ${error.message}`);
    throw classifyThrown(error);
  }
}
