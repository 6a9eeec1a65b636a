// The open inbox under the bell (Inbox.tsx): newest first, unread ones marked in words as well as
// looks, each with the page that deals with it and "Mark read"; "Mark all read" on top. Following
// an item's link marks it read first. After "Mark read" focus goes to the item, not to the page.
import type { MouseEvent } from 'react';
import type { InboxItem, InboxPage } from '../lib/contract';
import { stamp } from '../lib/datetime';
import { Empty, ErrorLine, Loading } from './ui';

export function InboxPanel({
  id,
  page,
  error,
  onRead,
  onReadAll,
  onMore,
  onLeave,
}: {
  id: string;
  page: InboxPage | null;
  error: unknown;
  onRead: (id: string) => Promise<void>;
  onReadAll: () => Promise<void>;
  onMore: () => Promise<void>;
  onLeave: () => void;
}) {
  const itemId = (item: InboxItem) => `${id}-item-${item.id}`;

  const markRead = async (item: InboxItem) => {
    await onRead(item.id);
    document.getElementById(itemId(item))?.focus();
  };

  /** Marks the item read, then follows its link (a new tab or window is left to the browser). */
  const follow = async (e: MouseEvent<HTMLAnchorElement>, item: InboxItem) => {
    if (item.read) return onLeave();
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return void onRead(item.id);
    e.preventDefault();
    await onRead(item.id);
    onLeave();
    location.assign(e.currentTarget.href);
  };

  return (
    <section id={id} className="inbox-panel card" aria-labelledby={`${id}-title`}>
      <div className="row inbox-head">
        <h2 id={`${id}-title`}>Notifications</h2>
        <span className="spacer" />
        {page?.items.length ? (
          <button type="button" onClick={() => void onReadAll()}>
            Mark all read
          </button>
        ) : null}
      </div>
      <ErrorLine error={error} />
      {!page ? <Loading what="Loading your notifications" /> : null}
      {page && page.items.length === 0 ? (
        <Empty>Nothing here yet: notices about your visits, messages and tasks show up here.</Empty>
      ) : null}
      {page?.items.length ? (
        <ul className="inbox-items">
          {page.items.map((item) => (
            <li key={item.id} id={itemId(item)} tabIndex={-1} className={item.read ? 'read' : 'unread'}>
              <p className="inbox-item-title">
                <strong>{item.title}</strong>
                {item.priority === 'high' ? <span className="inbox-important">Important</span> : null}
                {item.read ? null : <span className="inbox-unread">Unread</span>}
              </p>
              <p className="inbox-item-body">{item.body}</p>
              <div className="row inbox-item-actions">
                <time className="muted" dateTime={item.createdAt}>
                  {stamp(item.createdAt)}
                </time>
                <span className="spacer" />
                {item.actionUrl ? (
                  <a href={item.actionUrl} aria-label={`Open: ${item.title}`} onClick={(e) => void follow(e, item)}>
                    Open
                  </a>
                ) : null}
                {item.read ? null : (
                  <button type="button" aria-label={`Mark read: ${item.title}`} onClick={() => void markRead(item)}>
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {page?.next ? (
        <button type="button" onClick={() => void onMore()}>
          Show older notifications
        </button>
      ) : null}
    </section>
  );
}
