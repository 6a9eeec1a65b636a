// The waiting-room board of the location as its screens show it, kept live and compact:
// who is being seen, the waiting tickets with their ETAs, rooms and delays, the last calls.
import { clock, Empty, Loading } from '../../components/ui';
import type { Board } from '../../lib/contract';
import { Problem } from './errors';

interface Props {
  board: Board | null;
  error: unknown;
  live: boolean;
  timeZone: string;
}

export function BoardPreview({ board, error, live, timeZone }: Props) {
  return (
    <section className="card stack reception-board" aria-labelledby="board-title">
      <div className="row">
        <h2 id="board-title">Waiting-room board</h2>
        <span className={live ? 'reception-live' : 'reception-live off'}>{live ? 'Live' : 'Not live'}</span>
      </div>
      <Problem error={error} />
      {!board && !error ? <Loading what="Loading the board" /> : null}
      {board && !board.doctors.length ? <Empty>No doctors on the board today.</Empty> : null}
      {board?.doctors.map((d) => (
        <div key={d.doctorId} className="reception-board-doctor">
          <h3>
            {d.name} <span className="muted">· room {d.room}</span>
          </h3>
          {d.delayMinutes ? <p className="reception-late">Running {d.delayMinutes} min late</p> : null}
          <p>
            Now: <span className="ticket">{d.nowServing?.ticket ?? '—'}</span>
          </p>
          {d.waiting.length ? (
            <ol className="reception-waiting" aria-label={`Waiting for ${d.name}`}>
              {d.waiting.map((w) => (
                <li key={w.ticket}>
                  <span className="ticket">{w.ticket}</span> <span className="muted">{waitWords(w.etaMinutes)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">Nobody waiting.</p>
          )}
        </div>
      ))}
      {board?.recentCalls.length ? (
        <p className="muted">
          Last calls: {board.recentCalls.map((c) => `${c.ticket} → room ${c.room} (${clock(c.calledAt, timeZone)})`).join(', ')}
        </p>
      ) : null}
    </section>
  );
}

/** The wait as the desk reads it: "next" rather than "~0 min" for someone whose estimate has run out. */
export function waitWords(minutes: number): string {
  if (minutes <= 0) return 'next';
  return minutes < 60 ? `~${minutes} min` : `~${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
