// One conversation: history over HTTP, live over the socket (`thread:join`, `message:new`,
// `typing`, `message:read`), sends that are safe to retry (the same clientMessageId), typing
// shown both ways, and read receipts. Enter sends with a keyboard and mouse; on a touch screen
// Enter is a new line and the Send button sends.
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Message, MessagePage, Thread, User } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { newClientMessageId } from '../../lib/ids';
import { ask, type HubSocket, tell, useHubEvent } from '../../lib/socket';
import { Problem } from './bits';
import { doctorOf, say, stamp } from './format';
import { useCoarsePointer } from './touch';

interface Props {
  thread: Thread;
  user: User;
  socket: HubSocket | null;
  /** The clinic's zone: messages read by its clock, like the visits. */
  timeZone?: string;
  onBack: () => void;
  onRead: () => void;
}

interface Outgoing {
  clientMessageId: string;
  body: string;
  error: unknown;
}

/** Adds or replaces messages by id, keeping them oldest first (ids sort by time). */
function merge(list: Message[], more: Message[]): Message[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function ThreadView({ thread, user, socket, timeZone, onBack, onRead }: Props) {
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [olderFrom, setOlderFrom] = useState<string | null>(null);
  const [outgoing, setOutgoing] = useState<Outgoing[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const typingSent = useRef(false);
  const typingTimer = useRef<number | undefined>(undefined);
  const theirTimer = useRef<number | undefined>(undefined);
  const lastId = useRef<string | undefined>(undefined);
  const doctor = doctorOf(thread);
  const names = new Map(thread.participants.map((p) => [p.userId, p.name]));
  const touch = useCoarsePointer();

  useEffect(() => {
    lastId.current = messages?.at(-1)?.id;
  }, [messages]);

  useEffect(() => {
    heading.current?.focus();
    api<MessagePage>('GET', `/api/threads/${thread.id}/messages?limit=50`)
      .then((page) => {
        setMessages((m) => merge(m ?? [], page.messages));
        setOlderFrom(page.nextBefore);
      })
      .catch(setError);
  }, [thread.id]);

  const join = useCallback(() => {
    if (!socket) return;
    ask(socket, 'thread:join', { threadId: thread.id, ...(lastId.current ? { after: lastId.current } : {}) })
      .then((answer) => {
        if (answer.messages.length) setMessages((m) => merge(m ?? [], answer.messages));
      })
      .catch(setError);
  }, [socket, thread.id]);
  useEffect(join, [join]);
  useHubEvent(socket, 'connect', join);

  // Everything from the others that is shown is read: tell the hub (read receipts, unread count).
  const newestTheirs = messages?.filter((m) => m.senderId !== user.id).at(-1);
  const readUpTo = useRef<string | null>(null);
  useEffect(() => {
    if (!socket || !newestTheirs || newestTheirs.readBy[user.id] || readUpTo.current === newestTheirs.id) return;
    readUpTo.current = newestTheirs.id;
    ask(socket, 'message:read', { threadId: thread.id, messageId: newestTheirs.id })
      .then(onRead)
      .catch(() => {
        readUpTo.current = null;
      });
  }, [socket, newestTheirs, user.id, thread.id, onRead]);

  useHubEvent(socket, 'message:new', ({ threadId, message }) => {
    if (threadId !== thread.id) return;
    setMessages((m) => merge(m ?? [], [message]));
    if (message.senderId !== user.id) setTyping(null);
  });
  const replace = ({ threadId, message }: { threadId: string; message: Message }) => {
    if (threadId === thread.id) setMessages((m) => merge(m ?? [], [message]));
  };
  useHubEvent(socket, 'message:edited', replace);
  useHubEvent(socket, 'message:deleted', replace);
  useHubEvent(socket, 'message:read', ({ threadId, userId, messageId }) => {
    if (threadId !== thread.id || userId === user.id) return;
    const at = new Date().toISOString();
    setMessages((m) =>
      (m ?? []).map((x) =>
        x.senderId === user.id && x.id <= messageId && !x.readBy[userId] ? { ...x, readBy: { ...x.readBy, [userId]: at } } : x,
      ),
    );
  });
  useHubEvent(socket, 'typing', ({ threadId, userId, isTyping }) => {
    if (threadId !== thread.id || userId === user.id) return;
    window.clearTimeout(theirTimer.current);
    setTyping(isTyping ? (names.get(userId) ?? doctor) : null);
    if (isTyping) theirTimer.current = window.setTimeout(() => setTyping(null), 6_000);
  });
  useEffect(() => () => window.clearTimeout(theirTimer.current), []);

  // Keep the newest message in view inside the scrolling list.
  const count = (messages?.length ?? 0) + outgoing.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the number of messages changes
  useLayoutEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [count]);

  function sayTyping(isTyping: boolean) {
    if (!socket || typingSent.current === isTyping) return;
    typingSent.current = isTyping;
    tell(socket, 'typing', { threadId: thread.id, isTyping });
  }

  async function deliver(out: Outgoing) {
    setOutgoing((o) => o.map((x) => (x.clientMessageId === out.clientMessageId ? { ...x, error: null } : x)));
    const payload = { clientMessageId: out.clientMessageId, body: out.body };
    try {
      let message: Message;
      try {
        if (!socket?.connected) throw new ApiError('NETWORK', 0);
        message = (await ask(socket, 'message:send', { threadId: thread.id, ...payload })).message;
      } catch (err) {
        // No answer over the socket: the same clientMessageId over HTTP cannot store it twice.
        if (!(err instanceof ApiError && err.code === 'NETWORK')) throw err;
        message = await api<Message>('POST', `/api/threads/${thread.id}/messages`, payload);
      }
      setMessages((m) => merge(m ?? [], [message]));
      setOutgoing((o) => o.filter((x) => x.clientMessageId !== out.clientMessageId));
    } catch (err) {
      setOutgoing((o) => o.map((x) => (x.clientMessageId === out.clientMessageId ? { ...x, error: err } : x)));
    }
  }

  function send(e?: FormEvent) {
    e?.preventDefault();
    const body = draft.trim();
    if (!body) return;
    const out = { clientMessageId: newClientMessageId(), body, error: null };
    setOutgoing((o) => [...o, out]);
    setDraft('');
    window.clearTimeout(typingTimer.current);
    sayTyping(false);
    void deliver(out);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !touch && !e.nativeEvent.isComposing) send(e);
  }

  async function older() {
    if (!olderFrom) return;
    try {
      const page = await api<MessagePage>('GET', `/api/threads/${thread.id}/messages?limit=50&before=${olderFrom}`);
      setMessages((m) => merge(m ?? [], page.messages));
      setOlderFrom(page.nextBefore);
    } catch (err) {
      setError(err);
    }
  }

  const readByOthers = (m: Message) => Object.keys(m.readBy).some((u) => u !== user.id);

  return (
    <div className="stack thread">
      <div className="row">
        <button type="button" onClick={onBack}>
          ← All conversations
        </button>
      </div>
      <h3 ref={heading} tabIndex={-1}>
        Conversation with {doctor}
      </h3>
      <Problem error={error} />
      {messages === null && !error ? <Loading what="Loading messages" /> : null}
      {olderFrom ? (
        <button type="button" onClick={() => void older()}>
          Show earlier messages
        </button>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region keyboard users must be able to scroll */}
      <div className="messages" role="log" aria-label={`Messages with ${doctor}`} ref={list} tabIndex={0}>
        <ol>
          {messages?.length === 0 && outgoing.length === 0 ? <li className="muted empty">No messages yet. Say hello.</li> : null}
          {messages?.map((m) => {
            const mine = m.senderId === user.id;
            return (
              <li key={m.id} className={mine ? 'mine' : 'theirs'}>
                <span className="sr-only">{mine ? 'You' : (names.get(m.senderId) ?? doctor)}: </span>
                <p>{m.deleted || m.body === null ? <em>Message deleted</em> : m.body}</p>
                <small className="msg-meta">
                  {stamp(m.createdAt, timeZone)}
                  {m.edited ? ' · edited' : ''}
                  {mine ? (readByOthers(m) ? ' · Read' : ' · Sent') : ''}
                </small>
              </li>
            );
          })}
          {outgoing.map((o) => (
            <li key={o.clientMessageId} className="mine pending">
              <span className="sr-only">You: </span>
              <p>{o.body}</p>
              <small className="msg-meta">
                {o.error ? (
                  <>
                    <span className="error">Not sent. {say(o.error)}</span>{' '}
                    <button type="button" className="link" onClick={() => void deliver(o)}>
                      Try again
                    </button>
                  </>
                ) : (
                  'Sending…'
                )}
              </small>
            </li>
          ))}
        </ol>
      </div>
      <p className="muted typing" aria-live="polite">
        {typing ? `${typing} is typing…` : ''}
      </p>
      <form className="stack composer" onSubmit={send}>
        <label className="field" htmlFor={`compose-${thread.id}`}>
          <span>Message to {doctor}</span>
        </label>
        <textarea
          id={`compose-${thread.id}`}
          value={draft}
          maxLength={4000}
          aria-describedby={`compose-hint-${thread.id}`}
          onKeyDown={onKeyDown}
          onChange={(e) => {
            setDraft(e.target.value);
            sayTyping(e.target.value.length > 0);
            window.clearTimeout(typingTimer.current);
            typingTimer.current = window.setTimeout(() => sayTyping(false), 3_000);
          }}
          onBlur={() => sayTyping(false)}
        />
        <small id={`compose-hint-${thread.id}`} className="muted">
          {touch ? 'Tap Send to send; Enter starts a new line.' : 'Enter sends, Shift+Enter starts a new line.'} For anything urgent, please
          call the clinic.
        </small>
        <button type="submit" className="primary" disabled={!draft.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}
