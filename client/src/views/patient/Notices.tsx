// What the hub told the patient since the page opened: confirmations, reminders, moved or
// cancelled visits, new messages. A short list, newest first.
import { clock } from '../../components/ui';
import type { Notice } from './types';

/** Shown as alerts on the visit of the day instead. */
const QUEUE_CALLS = new Set(['you_are_next', 'called']);

export function Notices({
  notices: all,
  onOpenThread,
  timeZone,
}: {
  notices: Notice[];
  onOpenThread: (threadId: string) => void;
  timeZone?: string;
}) {
  const notices = all.filter((n) => !QUEUE_CALLS.has(n.type));
  if (notices.length === 0) return null;
  return (
    <section className="card" aria-labelledby="updates-title">
      <h2 id="updates-title">Updates</h2>
      <ul className="notices">
        {notices.slice(0, 5).map((n) => {
          const threadId = n.type === 'message' && typeof n.data.threadId === 'string' ? n.data.threadId : null;
          return (
            <li key={n.key}>
              <span className="muted notice-time">{clock(n.receivedAt, timeZone)}</span>
              <span>
                <strong>{n.title}</strong> {n.body}
                {threadId !== null ? (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => onOpenThread(threadId)}>
                      Read it
                    </button>
                  </>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
