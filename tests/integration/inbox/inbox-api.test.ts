// The inbox over HTTP: a person lists their own notices newest first (unread ones, or all, paged),
// marks one or all read, never sees or marks another person's (404), and no longer sees expired
// ones. The collection purges items six months after creation (a TTL index) and keeps a keyed
// notice once (a unique sparse index), checked through the driver's listIndexes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToInbox } from '../../../server/modules/inbox/store.js';
import { type Actor, bearer, doctor, everyone, patient, staff } from '../../support/factories.js';
import { startTestHub, type TestHub } from '../../support/test-hub.js';

let hub: TestHub;
let world: Awaited<ReturnType<typeof everyone>>;

beforeAll(async () => {
  hub = await startTestHub();
  world = await everyone(hub);
});
afterAll(() => hub.close());

const call = (actor: Actor, method: 'GET' | 'POST', url: string) => hub.app.inject({ method, url, headers: bearer(actor.token) });
const inboxOf = async (actor: Actor, query = '') => {
  const res = await call(actor, 'GET', `/api/inbox${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; type: string; title: string; read: boolean; priority: string; actionUrl: string | null; createdAt: string }[];
    unreadCount: number;
    next: string | null;
  };
};
const notice = (title: string, extra: object = {}) => ({
  type: 'message',
  title,
  body: 'You have a new message',
  data: { n: title },
  ...extra,
});

describe('GET /api/inbox', () => {
  it('lists the caller’s own items newest first, with their look, and pages with before = next', async () => {
    const me = await patient(hub);
    for (const title of ['one', 'two', 'three'])
      await addToInbox(hub.app.mongo.db, me.userId!, notice(title, { priority: 'high', actionUrl: '/patient#messages' }));
    await addToInbox(hub.app.mongo.db, world.patient.userId!, notice('not mine'));

    const first = await inboxOf(me, '?limit=2');
    expect(first.items.map((i) => i.title)).toEqual(['three', 'two']);
    expect(first.items[0]).toMatchObject({
      type: 'message',
      read: false,
      priority: 'high',
      actionUrl: '/patient#messages',
      data: { n: 'three' },
    });
    expect(first.unreadCount).toBe(3);
    expect(first.next).toBe(first.items[1]!.id);
    const rest = await inboxOf(me, `?limit=2&before=${first.next}`);
    expect(rest.items.map((i) => i.title)).toEqual(['one']);
    expect(rest.next).toBeNull();
  });

  it('answers every signed-in person, an empty inbox too', async () => {
    const pharmacist = await staff(hub, 'pharmacist');
    expect(await inboxOf(pharmacist)).toEqual({ items: [], unreadCount: 0, next: null });
  });
});

describe('reading', () => {
  it('marks one item read (again is a no-op), lists unread ones only on request, and marks all read', async () => {
    const me = await doctor(hub, world.location.id);
    const ids: string[] = [];
    for (const title of ['a', 'b', 'c']) ids.push((await addToInbox(hub.app.mongo.db, me.userId!, notice(title))).id);

    const read = await call(me, 'POST', `/api/inbox/${ids[0]}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: ids[0], title: 'a', read: true });
    expect((await call(me, 'POST', `/api/inbox/${ids[0]}/read`)).statusCode).toBe(200);

    const unread = await inboxOf(me, '?unread=true');
    expect(unread.items.map((i) => i.title)).toEqual(['c', 'b']);
    expect(unread.unreadCount).toBe(2);
    expect((await inboxOf(me)).items.map((i) => [i.title, i.read])).toEqual([
      ['c', false],
      ['b', false],
      ['a', true],
    ]);

    const all = await call(me, 'POST', '/api/inbox/read-all');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json()).toEqual({ marked: 2, unreadCount: 0 });
    expect((await inboxOf(me, '?unread=true')).items).toEqual([]);
    expect((await call(me, 'POST', '/api/inbox/read-all')).json()).toEqual({ marked: 0, unreadCount: 0 });
  });

  it('does not show or mark another person’s item: 404, and it stays unread', async () => {
    const owner = await patient(hub);
    const other = await patient(hub);
    const { id } = await addToInbox(hub.app.mongo.db, owner.userId!, notice('private'));
    const res = await call(other, 'POST', `/api/inbox/${id}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    // Marking all of one's own touches nobody else's.
    await call(other, 'POST', '/api/inbox/read-all');
    expect((await inboxOf(owner)).items).toEqual([expect.objectContaining({ id, read: false })]);
    expect((await inboxOf(other)).items).toEqual([]);
  });
});

describe('expiry', () => {
  it('hides an expired item from the list, the unread count and marking', async () => {
    const me = await patient(hub);
    const past = await addToInbox(hub.app.mongo.db, me.userId!, notice('over', { expiresAt: new Date(Date.now() - 1_000) }));
    await addToInbox(hub.app.mongo.db, me.userId!, notice('later', { expiresAt: new Date(Date.now() + 3_600_000) }));
    await addToInbox(hub.app.mongo.db, me.userId!, notice('always'));
    const page = await inboxOf(me);
    expect(page.items.map((i) => i.title)).toEqual(['always', 'later']);
    expect(page.unreadCount).toBe(2);
    expect((await call(me, 'POST', `/api/inbox/${past.id}/read`)).statusCode).toBe(404);
    expect((await call(me, 'POST', '/api/inbox/read-all')).json()).toEqual({ marked: 2, unreadCount: 0 });
    // Still stored (the TTL index purges it with the rest, six months on), just not listed.
    expect(await hub.app.mongo.db.collection('inbox').findOne({ _id: past.id as never })).toMatchObject({ readAt: null });
  });
});

describe('the collection', () => {
  it('purges items six months after creation and keeps a keyed notice once', async () => {
    const indexes = await hub.app.mongo.db.collection('inbox').listIndexes().toArray();
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'purge_after_six_months', key: { createdAt: 1 }, expireAfterSeconds: 183 * 86_400 }),
        expect.objectContaining({ name: 'key_unique', key: { key: 1 }, unique: true, sparse: true }),
      ]),
    );
    const me = await patient(hub);
    const first = await addToInbox(hub.app.mongo.db, me.userId!, notice('once', { key: 'test:1' }));
    const again = await addToInbox(hub.app.mongo.db, me.userId!, notice('once', { key: 'test:1' }));
    expect(again).toEqual({ id: first.id, created: false });
    // The key is per person: the same source notice to someone else is theirs to keep.
    expect((await addToInbox(hub.app.mongo.db, world.doctor.userId!, notice('once', { key: 'test:1' }))).created).toBe(true);
    expect((await inboxOf(me)).items).toHaveLength(1);
  });
});
