// One thread: the messages (a log screen readers follow), who is typing, read receipts on what
// the doctor sent, and the composer (Enter sends, Shift+Enter starts a new line).
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { clock, Empty, Loading } from '../../components/ui';
import type { Thread } from '../../lib/contract';
import { type HubSocket, tell } from '../../lib/socket';
import { doctorSentence, Problem } from './Problem';
import { type Shown, useConversation } from './use-conversation';

const TYPING_IDLE_MS = 3_000;

interface Props {
  socket: HubSocket | null;
  thread: Thread;
  me: string;
  timeZone: string;
  onRead: (threadId: string) => void;
  onSent: (m: Shown) => void;
}

export function Conversation({ socket, thread, me, timeZone, onRead, onSent }: Props) {
  const { messages, older, error, typing, send, retry, loadOlder } = useConversation(socket, thread.id, me, onRead);
  const nameOf = (userId: string) => thread.participants.find((p) => p.userId === userId)?.name ?? 'Someone';
  const patient = thread.participants.find((p) => p.role === 'patient')?.name ?? 'the patient';
  const log = useRef<HTMLDivElement>(null);
  const count = messages?.length ?? 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a message is added
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [count]);

  const lastMine = messages?.filter((m) => m.senderId === me).at(-1);

  return (
    <div className="conversation">
      <h3 id="conversation-title">Conversation with {patient}</h3>
      <Problem error={error} />
      {older ? (
        <button type="button" className="small" onClick={loadOlder}>
          Show earlier messages
        </button>
      ) : null}
      {!messages && !error ? <Loading what="Loading messages" /> : null}
      {messages && messages.length === 0 ? <Empty>No messages yet. Write the first one below.</Empty> : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <div className="messages" role="log" aria-labelledby="conversation-title" ref={log} tabIndex={0} hidden={!messages?.length}>
        <ol>
          {messages?.map((m) => (
            <li key={m.id} className={m.senderId === me ? 'mine' : 'theirs'}>
              <span className="sender">{m.senderId === me ? 'You' : nameOf(m.senderId)}</span>
              <p className={m.deleted ? 'muted' : undefined}>{m.deleted ? 'This message was deleted.' : m.body}</p>
              <small className="muted">
                {clock(m.createdAt, timeZone)}
                {m.edited ? ' · edited' : ''}
                {m === lastMine ? ` · ${receipt(m, me)}` : ''}
              </small>
              {m.pending === 'failed' ? (
                <span className="row">
                  <span className="error">Not sent. {doctorSentence(m.problem)}</span>
                  <button type="button" className="small" onClick={() => retry(m).then((x) => x && onSent(x))}>
                    Send again
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      <p className="typing muted" aria-live="polite">
        {typing ? `${nameOf(typing)} is typing…` : ''}
      </p>
      <Composer socket={socket} threadId={thread.id} to={patient} onSend={(body) => send(body).then((x) => x && onSent(x))} />
    </div>
  );
}

function receipt(m: Shown, me: string): string {
  if (m.pending === 'sending') return 'Sending…';
  if (m.pending === 'failed') return 'Not sent';
  return Object.keys(m.readBy).some((u) => u !== me) ? 'Read' : 'Sent';
}

function Composer({
  socket,
  threadId,
  to,
  onSend,
}: {
  socket: HubSocket | null;
  threadId: string;
  to: string;
  onSend: (body: string) => void;
}) {
  const [text, setText] = useState('');
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);

  const sayTyping = (isTyping: boolean) => {
    if (typing.current === isTyping) return;
    typing.current = isTyping;
    if (socket) tell(socket, 'typing', { threadId, isTyping });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: stop typing when leaving the thread
  useEffect(
    () => () => {
      clearTimeout(idle.current);
      sayTyping(false);
    },
    [threadId],
  );

  function changed(value: string) {
    setText(value);
    clearTimeout(idle.current);
    sayTyping(value.trim().length > 0);
    idle.current = setTimeout(() => sayTyping(false), TYPING_IDLE_MS);
  }

  function submit(e?: FormEvent) {
    e?.preventDefault();
    const body = text.trim();
    if (!body) return;
    clearTimeout(idle.current);
    sayTyping(false);
    setText('');
    onSend(body);
  }

  const keys = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
  };

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={`compose-${threadId}`}>Message to {to}</label>
      <textarea
        id={`compose-${threadId}`}
        value={text}
        maxLength={4000}
        rows={2}
        aria-describedby={`compose-hint-${threadId}`}
        onChange={(e) => changed(e.target.value)}
        onKeyDown={keys}
      />
      <small id={`compose-hint-${threadId}`} className="muted">
        Enter sends; Shift+Enter starts a new line.
      </small>
      <button type="submit" className="primary" disabled={!text.trim()}>
        Send
      </button>
    </form>
  );
}
