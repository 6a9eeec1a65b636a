// The bell in the header of every signed-in view: the person's unread count (announced politely
// when it changes) on a button that opens their inbox (InboxPanel.tsx). The inbox is read over
// HTTP (GET /api/inbox) and read again whenever the hub sends a `notification` (the server keeps
// the item before it sends the notice) and after every reconnect (what came while away).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api } from '../lib/api';
import type { InboxItem, InboxPage, InboxReadAll } from '../lib/contract';
import { type HubSocket, listen, onEveryConnect, useFrameHub } from '../lib/socket';
import { InboxPanel } from './InboxPanel';
import './inbox.css';

const PAGE = 20;

/** The signed-in person's inbox, kept current by the socket; changes answer with the server's state. */
export function useInbox(socket: HubSocket | null) {
  const [page, setPage] = useState<InboxPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const shown = useRef(PAGE);
  const loading = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  /** Reads the newest items again (as many as are shown); calls while one read runs make one more read after it. */
  const reload = useCallback((): Promise<void> => {
    if (loading.current) {
      again.current = true;
      return loading.current;
    }
    loading.current = (async () => {
      try {
        do {
          again.current = false;
          setPage(await api<InboxPage>('GET', `/api/inbox?limit=${Math.min(shown.current, 100)}`));
          setError(null);
        } while (again.current);
      } catch (err) {
        setError(err);
      } finally {
        loading.current = null;
      }
    })();
    return loading.current;
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    if (!socket) return;
    const stops = [listen(socket, 'notification', () => void reload()), onEveryConnect(socket, () => void reload())];
    return () => {
      for (const stop of stops) stop();
    };
  }, [socket, reload]);

  const markRead = useCallback(async (id: string) => {
    try {
      const item = await api<InboxItem>('POST', `/api/inbox/${id}/read`);
      setPage((p) => {
        if (!p) return p;
        const before = p.items.find((i) => i.id === id);
        const wasUnread = before ? !before.read : false;
        return {
          ...p,
          items: p.items.map((i) => (i.id === id ? item : i)),
          unreadCount: Math.max(0, p.unreadCount - (wasUnread ? 1 : 0)),
        };
      });
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);

  const markAllRead = useCallback(async () => {
    try {
      const answer = await api<InboxReadAll>('POST', '/api/inbox/read-all');
      setPage((p) => (p ? { ...p, items: p.items.map((i) => ({ ...i, read: true })), unreadCount: answer.unreadCount } : p));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);

  const loadMore = useCallback(async () => {
    const before = page?.next;
    if (!before) return;
    try {
      const more = await api<InboxPage>('GET', `/api/inbox?limit=${PAGE}&before=${before}`);
      shown.current += more.items.length;
      setPage((p) => (p ? { ...more, items: [...p.items, ...more.items.filter((m) => !p.items.some((i) => i.id === m.id))] } : more));
    } catch (err) {
      setError(err);
    }
  }, [page?.next]);

  return { page, error, markRead, markAllRead, loadMore };
}

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" className="inbox-icon">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/** How the count reads to a screen reader, after it is first known. */
const spoken = (count: number) => (count === 0 ? 'No unread notifications' : `${count} unread notification${count === 1 ? '' : 's'}`);

export function InboxBell() {
  const socket = useFrameHub();
  const inbox = useInbox(socket);
  const [open, setOpen] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const count = inbox.page?.unreadCount ?? 0;

  // Escape closes the panel and puts focus back on the bell; a click elsewhere closes it.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!frame.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="inbox" ref={frame}>
      <button
        ref={button}
        type="button"
        className="inbox-bell"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        Notifications{' '}
        <span className={count ? 'badge' : 'badge zero'}>
          {count}
          <span className="sr-only"> unread</span>
        </span>
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {inbox.page ? spoken(count) : ''}
      </span>
      {open ? (
        <InboxPanel
          id={panelId}
          page={inbox.page}
          error={inbox.error}
          onRead={inbox.markRead}
          onReadAll={inbox.markAllRead}
          onMore={inbox.loadMore}
          onLeave={() => setOpen(false)}
        />
      ) : null}
    </div>
  );
}
