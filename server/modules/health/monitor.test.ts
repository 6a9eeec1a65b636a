import { describe, expect, it } from 'vitest';
import { StoreMonitor } from './monitor.js';

describe('StoreMonitor', () => {
  it('reports each store from its probe, and says when one goes down and comes back', async () => {
    let mysqlUp = true;
    const changes: string[] = [];
    const monitor = new StoreMonitor({
      mysql: async () => {
        if (!mysqlUp) throw new Error('ECONNREFUSED');
      },
      mongo: async () => 'ok',
      redis: async () => 'PONG',
    });
    monitor.on('change', (store, up) => changes.push(`${store} ${up ? 'up' : 'down'}`));
    expect(await monitor.check()).toEqual({ mysql: 'ok', mongo: 'ok', redis: 'ok' });
    mysqlUp = false;
    expect(await monitor.check()).toEqual({ mysql: 'down', mongo: 'ok', redis: 'ok' });
    expect(monitor.isUp('mysql')).toBe(false);
    expect(monitor.state('mysql').failures).toBe(1);
    mysqlUp = true;
    await monitor.check();
    expect(monitor.isUp('mysql')).toBe(true);
    expect(changes).toEqual(['mysql down', 'mysql up']);
  });

  it('counts a probe that does not answer in time as down', async () => {
    const monitor = new StoreMonitor({ mysql: () => new Promise(() => {}), mongo: async () => 1, redis: async () => 1 }, { timeoutMs: 20 });
    expect((await monitor.check()).mysql).toBe('down');
  });

  it('a failed request marks its store down at once', () => {
    const monitor = new StoreMonitor({ mysql: async () => 1, mongo: async () => 1, redis: async () => 1 });
    monitor.suspect('redis');
    expect(monitor.isUp('redis')).toBe(false);
    expect(monitor.isUp('mysql')).toBe(true);
  });
});
