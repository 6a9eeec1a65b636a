// One open thread: its messages (newest page first, earlier pages on demand), live arrivals,
// edits, typing and read receipts, and sending that survives a dropped socket: the same
// clientMessageId is sent again over HTTP, and the server stores it once.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Message, MessagePage } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { newClientMessageId } from '../../lib/ids';
import { ask, type HubSocket, listen } from '../../lib/socket';

export type Shown = Message & { pending?: 'sending' | 'failed'; problem?: unknown };

const PAGE = 30;
const TYPING_SHOWN_MS = 6_000;

function merged(list: Shown[] | null, incoming: Message[]): Shown[] {
  const byKey = new Map<string, Shown>();
  for (const m of list ?? []) byKey.set(m.pending ? `c:${m.clientMessageId}` : m.id, m);
  for (const m of incoming) {
    byKey.delete(`c:${m.clientMessageId}`);
    byKey.set(m.id, m);
  }
  // Ids are ULIDs (ordered by time); messages still being sent go last.
  return [...byKey.values()].sort((a, b) => (a.pending ? 1 : 0) - (b.pending ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function useConversation(socket: HubSocket | null, threadId: string, me: string, onRead: (threadId: string) => void) {
  const [messages, setMessages] = useState<Shown[] | null>(null);
  const [older, setOlder] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const openThread = useRef(threadId);
  openThread.current = threadId;

  const markRead = useCallback(
    (messageId: string) => {
      if (document.visibilityState !== 'visible' || !socket?.connected) return;
      ask(socket, 'message:read', { threadId, messageId }).catch(() => undefined);
      onRead(threadId);
    },
    [socket, threadId, onRead],
  );
  const markReadRef = useRef(markRead);
  markReadRef.current = markRead;

  const loadPage = useCallback(
    async (before?: string) => {
      const page = await api<MessagePage>('GET', `/api/threads/${threadId}/messages?limit=${PAGE}${before ? `&before=${before}` : ''}`);
      if (openThread.current !== threadId) return; // another thread was opened meanwhile
      setMessages((list) => merged(list, page.messages));
      // A reload of the newest page (after a reconnect) keeps how far back the reader has gone.
      setOlder((o) => (before ? page.nextBefore : (o ?? page.nextBefore)));
      const newestFromThem = page.messages.find((m) => m.senderId !== me);
      if (!before && newestFromThem && !newestFromThem.readBy[me]) markReadRef.current(newestFromThem.id);
    },
    [threadId, me],
  );

  useEffect(() => {
    setMessages(null);
    setOlder(null);
    setError(null);
    setTyping(null);
    loadPage().catch(setError);
  }, [loadPage]);

  useEffect(() => {
    if (!socket) return;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const mine = (e: { threadId: string }) => e.threadId === threadId;
    const onNew = (e: { threadId: string; message: Message }) => {
      if (!mine(e)) return;
      setMessages((list) => merged(list, [e.message]));
      setTyping(null);
      if (e.message.senderId !== me) markReadRef.current(e.message.id);
    };
    const onChanged = (e: { threadId: string; message: Message }) => mine(e) && setMessages((list) => merged(list, [e.message]));
    const onReceipt = (e: { threadId: string; userId: string; messageId: string }) => {
      if (!mine(e) || e.userId === me) return;
      const at = new Date().toISOString();
      setMessages(
        (list) =>
          list?.map((m) =>
            m.senderId === me && !m.pending && m.id <= e.messageId && !m.readBy[e.userId]
              ? { ...m, readBy: { ...m.readBy, [e.userId]: at } }
              : m,
          ) ?? null,
      );
    };
    const onTyping = (e: { threadId: string; userId: string; isTyping: boolean }) => {
      if (!mine(e) || e.userId === me) return;
      clearTimeout(typingTimer);
      setTyping(e.isTyping ? e.userId : null);
      if (e.isTyping) typingTimer = setTimeout(() => setTyping(null), TYPING_SHOWN_MS);
    };
    const onConnect = () => {
      if (!socket.recovered) loadPage().catch(setError);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') loadPage().catch(() => undefined);
    };
    const stops = [
      listen(socket, 'message:new', onNew),
      listen(socket, 'message:edited', onChanged),
      listen(socket, 'message:deleted', onChanged),
      listen(socket, 'message:read', onReceipt),
      listen(socket, 'typing', onTyping),
      listen(socket, 'connect', onConnect),
    ];
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(typingTimer);
      for (const stop of stops) stop();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [socket, threadId, me, loadPage]);

  const deliver = useCallback(
    async (draft: Shown): Promise<Message | null> => {
      const payload = { threadId, clientMessageId: draft.clientMessageId, body: draft.body ?? '' };
      try {
        let message: Message;
        try {
          if (!socket?.connected) throw new ApiError('NETWORK', 0);
          message = (await ask(socket, 'message:send', payload)).message;
        } catch (err) {
          // The server refused it: sending again would not help. Otherwise HTTP, same id.
          if (err instanceof ApiError && err.code !== 'NETWORK') throw err;
          message = await api<Message>('POST', `/api/threads/${threadId}/messages`, {
            clientMessageId: payload.clientMessageId,
            body: payload.body,
          });
        }
        setMessages((list) => merged(list, [message]));
        return message;
      } catch (problem) {
        setMessages(
          (list) =>
            list?.map((m) => (m.pending && m.clientMessageId === draft.clientMessageId ? { ...m, pending: 'failed', problem } : m)) ?? null,
        );
        return null;
      }
    },
    [socket, threadId],
  );

  const send = useCallback(
    (body: string) => {
      const clientMessageId = newClientMessageId();
      const draft: Shown = {
        id: `~${clientMessageId}`,
        threadId,
        senderId: me,
        clientMessageId,
        body,
        edited: false,
        deleted: false,
        createdAt: new Date().toISOString(),
        readBy: {},
        pending: 'sending',
      };
      setMessages((list) => [...(list ?? []), draft]);
      return deliver(draft);
    },
    [threadId, me, deliver],
  );

  const retry = useCallback(
    (m: Shown) => {
      const again: Shown = { ...m, pending: 'sending', problem: undefined };
      setMessages((list) => list?.map((x) => (x.clientMessageId === m.clientMessageId && x.pending ? again : x)) ?? null);
      return deliver(again);
    },
    [deliver],
  );

  const loadOlder = useCallback(() => (older ? loadPage(older).catch(setError) : Promise.resolve()), [older, loadPage]);

  return { messages, older, error, typing, send, retry, loadOlder };
}
