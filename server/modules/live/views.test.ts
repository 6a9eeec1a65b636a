// The per-node view cache behind board:subscribe and queue:subscribe: a view serves while its seq
// is current and it is young, or for a socket repeating its subscription; concurrent misses share
// one build; an older build never replaces a newer view.
import { describe, expect, it } from 'vitest';
import { FRESH_MS, ViewCache } from './views.js';

function setup() {
  let now = 0;
  const cache = new ViewCache<string>(() => now);
  let builds = 0;
  const build = (view: string) => async () => {
    builds++;
    return view;
  };
  return { cache, build, builds: () => builds, advance: (ms: number) => (now += ms) };
}

describe('ViewCache', () => {
  it('serves a view at its seq while young; a new subscriber after FRESH_MS gets a fresh build, a repeat does not', async () => {
    const { cache, build, builds, advance } = setup();
    expect(await cache.get('l1', 4, false, build('v1'))).toBe('v1');
    expect(await cache.get('l1', 4, false, build('v2'))).toBe('v1');
    expect(builds()).toBe(1);
    advance(FRESH_MS);
    expect(await cache.get('l1', 4, true, build('v2'))).toBe('v1');
    expect(builds()).toBe(1);
    expect(await cache.get('l1', 4, false, build('v2'))).toBe('v2');
    expect(builds()).toBe(2);
  });

  it('builds again when the seq moved (a change published by another node), even for a repeat', async () => {
    const { cache, build, builds } = setup();
    await cache.get('l1', 4, false, build('v1'));
    expect(await cache.get('l1', 5, true, build('v2'))).toBe('v2');
    expect(builds()).toBe(2);
  });

  it('shares one build between concurrent misses of a room and seq', async () => {
    const { cache, build, builds } = setup();
    const answers = await Promise.all(Array.from({ length: 50 }, () => cache.get('l1', 1, false, build('v1'))));
    expect(new Set(answers)).toEqual(new Set(['v1']));
    expect(builds()).toBe(1);
  });

  it('keeps the publisher’s newer view when an older build finishes after it', async () => {
    const { cache } = setup();
    let finish: (view: string) => void = () => {};
    const slow = cache.get('l1', 3, false, () => new Promise<string>((resolve) => (finish = resolve)));
    cache.put('l1', 4, 'published');
    finish('built-at-3');
    expect(await slow).toBe('built-at-3');
    expect(await cache.get('l1', 4, true, async () => 'rebuilt')).toBe('published');
  });

  it('forgets a failed build, so the next subscriber tries again', async () => {
    const { cache } = setup();
    await expect(
      cache.get('l1', 1, false, async () => {
        throw new Error('pool busy');
      }),
    ).rejects.toThrow('pool busy');
    expect(await cache.get('l1', 1, false, async () => 'ok')).toBe('ok');
  });
});
