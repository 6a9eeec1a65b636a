// One card per doctor: name, room, delay, the ticket being served and the waiting tickets with
// their waits and labels exactly as the board payload carries them. A queue longer than its card
// shows a page at a time ("Page 1 of 3"), turning with every other card's, so every ticket is
// shown in full at some point and none is ever cut off.
import { useRef } from 'react';
import type { Board } from '../../lib/contract';
import { pageOf, useRowsThatFit } from './paging';
import { roomLabel, type Words, waitText } from './words';
import './doctors.css';

type Doctor = Board['doctors'][number];

export function Doctors({ board, words, turn }: { board: Board; words: Words; turn: number }) {
  return (
    <section className="d-doctors" data-count={Math.min(board.doctors.length, 8)} data-turn={turn} aria-label={words.waiting}>
      {board.doctors.map((d) => (
        <DoctorCard key={d.doctorId} doctor={d} words={words} turn={turn} />
      ))}
    </section>
  );
}

function DoctorCard({ doctor: d, words, turn }: { doctor: Doctor; words: Words; turn: number }) {
  const box = useRef<HTMLDivElement>(null);
  const sample = useRef<HTMLLIElement>(null);
  const perPage = useRowsThatFit(box, sample);
  const { rows, first, page, pages } = pageOf(d.waiting, perPage, turn);
  return (
    <article className="d-doctor" aria-labelledby={`d-doc-${d.doctorId}`} data-doctor={d.doctorId}>
      <header>
        <h2 id={`d-doc-${d.doctorId}`}>{d.name}</h2>
        <p className="d-meta">
          <span className="d-room">{roomLabel(d.room, words)}</span>
          <span className={d.delayMinutes > 0 ? 'd-delay d-late' : 'd-delay'}>
            {d.delayMinutes > 0 ? words.late(d.delayMinutes) : words.onTime}
          </span>
          {pages > 1 ? <span className="d-page">{words.page(page, pages)}</span> : null}
        </p>
      </header>
      {d.nowServing ? (
        <p className="d-serving">
          {words.nowServing} <span className="ticket">{d.nowServing.ticket}</span>
        </p>
      ) : null}
      <div className="d-queue-box" ref={box}>
        {d.waiting.length === 0 ? (
          <p className="d-none">{words.nobodyWaiting}</p>
        ) : (
          // Keyed by page, so a turned page fades in (no motion where the screen asks for less).
          <ol key={page} className="d-queue" aria-label={`${words.waiting}: ${d.name}`} data-page={page} data-pages={pages}>
            {rows.map((w, i) => (
              <li key={w.ticket} data-ticket={w.ticket}>
                <span className="ticket">{w.ticket}</span>
                <span className="d-label">{w.patientLabel ?? ''}</span>
                <span className="d-eta">{waitText(w.etaMinutes, first + i === 0, words)}</span>
              </li>
            ))}
          </ol>
        )}
        {/* The row the page size is measured with: as tall as a real row, never seen or read. */}
        <ol className="d-sample d-sample-queue" aria-hidden="true">
          <li ref={sample}>
            <span className="ticket">A-000</span>
            <span className="d-label">A. A.</span>
            <span className="d-eta">{words.minutes(115)}</span>
          </li>
        </ol>
      </div>
    </article>
  );
}
