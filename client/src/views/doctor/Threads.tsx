// Message threads with patients: the list (unread badges, newest first) and the open one.
import { Empty, Loading } from '../../components/ui';
import type { Message, Thread } from '../../lib/contract';
import type { HubSocket } from '../../lib/socket';
import { Conversation } from './Conversation';
import { Problem } from './Problem';

interface Props {
  socket: HubSocket | null;
  me: string;
  timeZone: string;
  threads: Thread[] | null;
  error: unknown;
  openId: string | null;
  onOpen: (threadId: string) => void;
  onRead: (threadId: string) => void;
  onSent: (m: Message) => void;
}

const patientOf = (t: Thread) => t.participants.find((p) => p.role === 'patient')?.name ?? 'Patient';

export function Threads({ socket, me, timeZone, threads, error, openId, onOpen, onRead, onSent }: Props) {
  const unread = threads?.reduce((n, t) => n + t.unreadCount, 0) ?? 0;
  const open = threads?.find((t) => t.id === openId) ?? null;
  return (
    <section className="card messaging" aria-labelledby="messages-title">
      <h2 id="messages-title">
        Messages{' '}
        {unread ? (
          <span className="badge">
            {unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
      </h2>
      <Problem error={error} />
      {!threads && !error ? <Loading what="Loading messages" /> : null}
      {threads && threads.length === 0 ? <Empty>No conversations yet. Patients you have seen can write to you here.</Empty> : null}
      {threads?.length ? (
        <div className="threads">
          <ul className="thread-list" aria-label="Conversations">
            {threads.map((t) => (
              <li key={t.id}>
                <button type="button" aria-current={t.id === openId ? 'true' : undefined} onClick={() => onOpen(t.id)}>
                  <span className="row between">
                    <strong>{patientOf(t)}</strong>
                    {t.unreadCount ? (
                      <span className="badge">
                        {t.unreadCount}
                        <span className="sr-only"> unread</span>
                      </span>
                    ) : null}
                  </span>
                  <span className="preview muted">
                    {t.lastMessage ? `${t.lastMessage.senderId === me ? 'You: ' : ''}${t.lastMessage.preview}` : 'No messages yet'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {open ? (
            <Conversation key={open.id} socket={socket} thread={open} me={me} timeZone={timeZone} onRead={onRead} onSent={onSent} />
          ) : (
            <Empty>Choose a conversation.</Empty>
          )}
        </div>
      ) : null}
    </section>
  );
}
