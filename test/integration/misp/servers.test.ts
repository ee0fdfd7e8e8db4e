import { afterEach, describe, expect, it } from 'vitest';
import { readConditions } from '../../../src/notify/conditions.js';
import { closeWatched, FRESH_CONDITIONS, watchSimulated } from './helpers.js';

afterEach(closeWatched);

describe('sync servers through the simulated MISP over real HTTP', () => {
  it('serves each server with host only, and its newest pull outcome from the jobs group; failing, then working again', async () => {
    const { sim, monitor } = await watchSimulated({ jobs: 5, servers: 5 });

    const first = await monitor.pollOnce();
    expect(first.polls.servers.status).toBe('ok');
    expect(first.servers?.servers).toEqual([expect.objectContaining({ id: 1, name: 'Partner CERT Ålesund', host: 'misp.partner.example:8443', pull: true, push: false })]);
    expect(JSON.stringify(first.servers)).not.toContain('secret');
    expect(readConditions(first, ['syncServerFailing'], FRESH_CONDITIONS)).toEqual([expect.objectContaining({ key: 'syncServerFailing/test/1', index: [1, 1], active: false })]);

    const pull = { id: 10, queue: 'default', type: 'pull', input: 'Server: 1', jobStatus: 'Completed', createdAgoSeconds: 20, modifiedAgoSeconds: 19 } as const;
    sim.state.jobs.push({ ...pull, status: 3, message: "ERROR: curl error 7 'Couldn't connect to server'" });
    const failing = await monitor.pollOnce();
    expect(readConditions(failing, ['syncServerFailing'], FRESH_CONDITIONS)[0]?.active).toBe(true);

    sim.state.jobs.push({ ...pull, id: 11, status: 4, message: 'Pull completed. 0 events pulled, 0 events could not be pulled, 0 proposals pulled, 0 sightings pulled, 0 clusters pulled.' });
    const working = await monitor.pollOnce();
    expect(readConditions(working, ['syncServerFailing'], FRESH_CONDITIONS)[0]?.active).toBe(false);
    expect(working.jobs?.latest.get('pull|Server: 1')).toMatchObject({ id: 11, outcome: 'completed' });
  });

  it('names a wrong-shaped answer and keeps serving the last good list', async () => {
    const { sim, monitor } = await watchSimulated({ servers: 5 });
    await monitor.pollOnce();
    sim.state.rawBodies.set('/servers/index', '{"Server":[]}');
    const snapshot = await monitor.pollOnce();
    expect(snapshot.polls.servers).toMatchObject({ status: 'invalidResponse', lastError: 'servers/index: answer is not a list' });
    expect(snapshot.servers?.servers).toHaveLength(1);
  });
});
