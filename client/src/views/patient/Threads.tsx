// Conversations with the patient's doctors: the list with unread counts, starting one with a
// doctor they have a care relationship with, and the open conversation (ThreadView).
import { useCallback, useEffect, useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, Thread, ThreadList, User } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { Labelled, Problem } from './bits';
import type { Directory } from './data';
import { doctorOf, homeLocation, stamp } from './format';
import { ThreadView } from './ThreadView';

interface Props {
  user: User;
  socket: HubSocket | null;
  directory: Directory;
  appointments: Appointment[];
  openId: string | null;
  onOpen: (threadId: string | null) => void;
  /** Grows with every "new message" notification: the list is read again. */
  refreshKey: number;
}

export function Threads({ user, socket, directory, appointments, openId, onOpen, refreshKey }: Props) {
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [startWith, setStartWith] = useState('');
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setThreads((await api<ThreadList>('GET', '/api/threads')).threads);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the reason to read again
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  // Messages go by the clinic's clock, like the visits.
  const timeZone = homeLocation(directory, appointments)?.timezone;
  const open = threads?.find((t) => t.id === openId);
  if (open) {
    return (
      <ThreadView
        key={open.id}
        thread={open}
        user={user}
        socket={socket}
        timeZone={timeZone}
        onBack={() => {
          onOpen(null);
          void reload();
        }}
        onRead={() => setThreads((list) => list?.map((t) => (t.id === open.id ? { ...t, unreadCount: 0 } : t)) ?? null)}
      />
    );
  }

  // Threads open between a patient and a doctor with a care relationship: a visit booked or had,
  // not cancelled and not a no-show (and recent enough, which the server decides): offer those doctors only.
  const withThread = new Set(threads?.map((t) => t.doctorId));
  const caring = appointments.filter((a) => a.status !== 'cancelled' && a.status !== 'no_show');
  const canStart = [...new Set(caring.map((a) => a.doctorId))].filter((d) => !withThread.has(d) && directory.doctors.has(d));

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const thread = await api<Thread>('POST', '/api/threads', { doctorId: startWith });
      await reload();
      setStartWith('');
      onOpen(thread.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <Problem error={error} />
      {threads === null && !error ? <Loading what="Loading your conversations" /> : null}
      {threads?.length === 0 ? <Empty>No conversations yet.</Empty> : null}
      {threads && threads.length > 0 ? (
        <ul className="threads">
          {threads.map((t) => (
            <li key={t.id}>
              <button type="button" className="thread-row" onClick={() => onOpen(t.id)}>
                <span className="thread-who">
                  <strong>{doctorOf(t)}</strong>
                  {t.unreadCount > 0 ? (
                    <span className="badge">
                      {t.unreadCount}
                      <span className="sr-only"> unread</span>
                    </span>
                  ) : null}
                </span>
                <span className="muted thread-preview">
                  {t.lastMessage
                    ? `${t.lastMessage.senderId === user.id ? 'You: ' : ''}${t.lastMessage.preview} · ${stamp(t.lastMessage.at, timeZone)}`
                    : 'No messages yet'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {canStart.length > 0 ? (
        <div className="row start-thread">
          <Labelled id="thread-doctor" label="Write to">
            <select id="thread-doctor" value={startWith} onChange={(e) => setStartWith(e.target.value)}>
              <option value="">Choose a doctor…</option>
              {canStart.map((d) => (
                <option key={d} value={d}>
                  {directory.doctors.get(d)?.displayName}
                </option>
              ))}
            </select>
          </Labelled>
          <button type="button" disabled={!startWith || busy} onClick={() => void start()}>
            Start a conversation
          </button>
        </div>
      ) : null}
    </div>
  );
}
