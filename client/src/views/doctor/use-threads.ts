// The doctor's message threads with unread counts, kept live: every thread is joined on the
// socket, so a new message moves its thread up and counts as unread until it is read; a message
// in a thread not joined yet (announced by a `notification`) loads the list again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { Message, Notification, Thread, ThreadList } from '../../lib/contract';
import { ask, type HubSocket, listen } from '../../lib/socket';

export function useThreads(socket: HubSocket | null, me: string, openId: string | null) {
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const joined = useRef(new Set<string>());
  const acked = useRef(new Set<string>());
  const openRef = useRef(openId);
  openRef.current = openId;
  const listRef = useRef(threads);
  listRef.current = threads;

  const reload = useCallback(() => {
    api<ThreadList>('GET', '/api/threads')
      .then((r) => {
        setThreads(r.threads.map((t) => (t.id === openRef.current ? { ...t, unreadCount: 0 } : t)));
        setError(null);
      })
      .catch(setError);
  }, []);
  useEffect(reload, [reload]);

  // Join every thread (again after a reconnect the server could not recover).
  useEffect(() => {
    if (!socket || !threads) return;
    const joinAll = () => {
      for (const t of threads) {
        if (joined.current.has(t.id)) continue;
        joined.current.add(t.id);
        ask(socket, 'thread:join', { threadId: t.id }, { timeoutMs: null }).then(
          () => acked.current.add(t.id),
          () => joined.current.delete(t.id),
        );
      }
    };
    const onConnect = () => {
      if (socket.recovered) return;
      joined.current.clear();
      acked.current.clear();
      joinAll();
      reload();
    };
    const stop = listen(socket, 'connect', onConnect);
    if (socket.connected) joinAll();
    return stop;
  }, [socket, threads, reload]);

  useEffect(() => {
    if (!socket) return;
    const onMessage = ({ threadId, message }: { threadId: string; message: Message }) => {
      if (!listRef.current?.some((t) => t.id === threadId)) return reload();
      setThreads((list) => {
        const t = list?.find((x) => x.id === threadId);
        if (!list || !t) return list;
        const unread = message.senderId !== me && threadId !== openRef.current ? 1 : 0;
        const lastMessage = {
          id: message.id,
          senderId: message.senderId,
          preview: (message.body ?? '').slice(0, 80),
          at: message.createdAt,
        };
        return [{ ...t, lastMessage, unreadCount: t.unreadCount + unread }, ...list.filter((x) => x !== t)];
      });
    };
    // A message in a thread whose join was not answered yet may have missed this socket.
    const onNotice = (n: Notification) => {
      if (n.type === 'message' && !acked.current.has(String(n.data.threadId))) reload();
    };
    const stops = [listen(socket, 'message:new', onMessage), listen(socket, 'notification', onNotice)];
    return () => {
      for (const stop of stops) stop();
    };
  }, [socket, me, reload]);

  /** The open thread was read: its badge goes. */
  const markRead = useCallback((threadId: string) => {
    setThreads((list) => list?.map((t) => (t.id === threadId && t.unreadCount ? { ...t, unreadCount: 0 } : t)) ?? null);
  }, []);

  /** Opens (or finds) the thread with a patient; the caller selects it. */
  const openWith = useCallback(async (patientId: string): Promise<string> => {
    const thread = await api<Thread>('POST', '/api/threads', { patientId });
    setThreads((list) => (list?.some((t) => t.id === thread.id) ? list : [thread, ...(list ?? [])]));
    return thread.id;
  }, []);

  /** A message this console sent: its thread moves up with the new preview. */
  const sent = useCallback((message: Message) => {
    setThreads((list) => {
      const t = list?.find((x) => x.id === message.threadId);
      if (!list || !t) return list;
      const lastMessage = { id: message.id, senderId: message.senderId, preview: (message.body ?? '').slice(0, 80), at: message.createdAt };
      return [{ ...t, lastMessage }, ...list.filter((x) => x !== t)];
    });
  }, []);

  return { threads, error, markRead, openWith, sent };
}
