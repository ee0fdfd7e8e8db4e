import { afterEach, describe, expect, it } from 'vitest';
import { readConditions } from '../../../src/notify/conditions.js';
import { closeWatched, FRESH_CONDITIONS, watchSimulated } from './helpers.js';

afterEach(closeWatched);

const watch = () => watchSimulated({ jobs: 5, feeds: 5 });

describe('feeds through the simulated MISP over real HTTP', () => {
  it('counts feeds, lists the enabled one, and raises feedFailing when its newest fetch fails', async () => {
    const { sim, monitor } = await watch();
    const first = await monitor.pollOnce();
    expect(first.feeds).toMatchObject({ total: 3, enabled: 1, caching: 1 });
    expect(first.feeds?.feeds).toEqual([expect.objectContaining({ id: 3, name: 'Flux régional', provider: 'CERT Région ÅÉ', sourceFormat: 'freetext' })]);
    expect(JSON.stringify(first.feeds)).not.toContain('token');
    expect(readConditions(first, ['feedFailing'], FRESH_CONDITIONS)).toEqual([expect.objectContaining({ key: 'feedFailing/test/3', index: [1, 3], active: false })]);

    sim.state.jobs.push({ id: 20, queue: 'default', type: 'fetch_feeds', input: 'Feed: 3', status: 3, jobStatus: 'Completed', message: 'Job failed. See error log for more details.', createdAgoSeconds: 10, modifiedAgoSeconds: 9 });
    const failing = await monitor.pollOnce();
    expect(readConditions(failing, ['feedFailing'], FRESH_CONDITIONS)[0]?.active).toBe(true);
  });

  it('a wrong-shaped answer names the field and keeps the other groups', async () => {
    const { sim, monitor } = await watch();
    sim.state.rawBodies.set('/feeds/index', '[{"Feed":{"id":"1","enabled":"yes","caching_enabled":false}}]');
    const snapshot = await monitor.pollOnce();
    expect(snapshot.polls.feeds).toMatchObject({ status: 'invalidResponse', lastError: expect.stringContaining('feeds/index[0].Feed.enabled') });
    expect(snapshot.polls.jobs.status).toBe('ok');
  });
});
