// The board itself: clinic name and clock, the "now calling" panel (an aria-live region), the
// last calls, and per doctor the room, delay, the ticket being served and the waiting tickets
// with their ETAs and labels exactly as the board payload carries them (nothing else is shown
// or fetched about patients). Controls for staff sit small in the bottom corners.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Board as BoardShape } from '../../lib/contract';
import { announce, unlockAudio } from './announcer';
import { Clock } from './Clock';
import type { Screen } from './storage';
import { type Call, useBoard } from './use-board';
import { roomLabel, spokenTicket, type Words, wordsFor } from './words';

/** How long a call stays in the banner at least (and until its announcement has been spoken). */
const BANNER_MS = 12_000;

interface ActiveCall extends Call {
  key: number;
}

export function Board({
  token,
  screen,
  onRevoked,
  onForget,
}: {
  token: string;
  screen: Screen;
  onRevoked: () => void;
  onForget: () => void;
}) {
  const { lang, words } = wordsFor(screen.language);
  const [calls, setCalls] = useState<ActiveCall[]>([]);
  const counter = useRef(0);

  const call = useCallback(
    (c: Call) => {
      const key = ++counter.current;
      setCalls((now) => [{ ...c, key }, ...now.filter((x) => x.ticket !== c.ticket)].slice(0, 3));
      const shown = new Promise((resolve) => setTimeout(resolve, BANNER_MS));
      const spoken = announce(words.speech(spokenTicket(c.ticket), roomLabel(c.room, words)), lang);
      void Promise.all([shown, spoken]).then(() => setCalls((now) => now.filter((x) => x.key !== key)));
    },
    [lang, words],
  );
  const { board, link } = useBoard(token, screen.locationId, { call, revoked: onRevoked });

  // Keep the screen on while the board shows (where the browser offers a wake lock).
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    const request = () => {
      if (document.visibilityState !== 'visible' || !navigator.wakeLock) return;
      navigator.wakeLock
        .request('screen')
        .then((l) => {
          lock = l;
        })
        .catch(() => undefined);
    };
    request();
    document.addEventListener('visibilitychange', request);
    return () => {
      document.removeEventListener('visibilitychange', request);
      lock?.release().catch(() => undefined);
    };
  }, []);

  // Any key or tap on the screen lets the browser play sound from then on.
  useEffect(() => {
    window.addEventListener('pointerdown', unlockAudio);
    window.addEventListener('keydown', unlockAudio);
    return () => {
      window.removeEventListener('pointerdown', unlockAudio);
      window.removeEventListener('keydown', unlockAudio);
    };
  }, []);

  const [first, ...others] = calls;
  return (
    <main id="content" className="display" lang={lang}>
      <header className="d-top">
        <h1 className="d-clinic">{screen.locationName}</h1>
        <Clock timeZone={screen.timezone} lang={lang} />
      </header>
      <div className="d-body">
        <aside className="d-side">
          <section className={first ? 'd-calling d-active' : 'd-calling'} aria-labelledby="d-calling-title">
            <h2 id="d-calling-title">{words.nowCalling}</h2>
            <div className="d-call-live" aria-live="assertive" aria-atomic="true">
              {first ? (
                <div className="d-call" data-ticket={first.ticket}>
                  <p className="d-call-ticket">{first.ticket}</p>
                  <p className="d-call-room">{roomLabel(first.room, words)}</p>
                  <p className="d-call-doctor">{first.doctorName}</p>
                </div>
              ) : null}
              {others.map((c) => (
                <p key={c.key} className="d-call-more">
                  <span className="ticket">{c.ticket}</span> → {roomLabel(c.room, words)}
                </p>
              ))}
            </div>
          </section>
          <RecentCalls board={board} words={words} />
        </aside>
        {board ? (
          <Doctors board={board} words={words} />
        ) : (
          <p className="d-waiting-empty" role="status">
            {words.connecting}
          </p>
        )}
      </div>
      <Controls link={link} words={words} onForget={onForget} />
    </main>
  );
}

function RecentCalls({ board, words }: { board: BoardShape | null; words: Words }) {
  const recent = board?.recentCalls ?? [];
  return (
    <section className="d-recent" aria-labelledby="d-recent-title">
      <h2 id="d-recent-title">{words.lastCalls}</h2>
      {recent.length === 0 ? (
        <p className="d-none">{words.noCalls}</p>
      ) : (
        <ol>
          {recent.map((c) => (
            <li key={`${c.ticket}-${c.calledAt}`}>
              <span className="ticket">{c.ticket}</span>
              <span className="d-recent-room">{roomLabel(c.room, words)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Doctors({ board, words }: { board: BoardShape; words: Words }) {
  const n = board.doctors.length;
  const cols = n <= 1 ? 1 : n <= 4 ? 2 : 3;
  const shown = n <= 2 ? 8 : n <= 6 ? 4 : 3;
  return (
    <section className="d-doctors" data-cols={cols} aria-label={words.waiting}>
      {board.doctors.map((d) => (
        <article key={d.doctorId} className="d-doctor" aria-labelledby={`d-doc-${d.doctorId}`}>
          <header>
            <h2 id={`d-doc-${d.doctorId}`}>{d.name}</h2>
            <span className="d-room">{roomLabel(d.room, words)}</span>
          </header>
          <p className={d.delayMinutes > 0 ? 'd-delay d-late' : 'd-delay'}>
            {d.delayMinutes > 0 ? words.late(d.delayMinutes) : words.onTime}
          </p>
          {d.nowServing ? (
            <p className="d-serving">
              {words.nowServing} <span className="ticket">{d.nowServing.ticket}</span>
            </p>
          ) : null}
          {d.waiting.length === 0 ? (
            <p className="d-none">{words.nobodyWaiting}</p>
          ) : (
            <ol className="d-queue" aria-label={`${words.waiting}: ${d.name}`}>
              {d.waiting.slice(0, shown).map((w) => (
                <li key={w.ticket} data-ticket={w.ticket}>
                  <span className="ticket">{w.ticket}</span>
                  <span className="d-label">{w.patientLabel ?? ''}</span>
                  <span className="d-eta">{words.minutes(w.etaMinutes)}</span>
                </li>
              ))}
              {d.waiting.length > shown ? <li className="d-more">{words.more(d.waiting.length - shown)}</li> : null}
            </ol>
          )}
        </article>
      ))}
    </section>
  );
}

function Controls({ link, words, onForget }: { link: string; words: Words; onForget: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [fullscreen, setFullscreen] = useState(() => Boolean(document.fullscreenElement));
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const changed = () => setFullscreen(Boolean(document.fullscreenElement));
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const enterFullscreen = () => {
    unlockAudio();
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  };
  return (
    <footer className="d-foot">
      <div className="d-staff">
        {confirming ? (
          <>
            <span>Forget this screen? It will need its token again.</span>
            <button type="button" ref={confirmRef} onClick={onForget}>
              Forget
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Forget this screen
          </button>
        )}
      </div>
      <p className="d-link" role="status">
        {link === 'reconnecting' ? words.reconnecting : ''}
      </p>
      {document.fullscreenEnabled && !fullscreen ? (
        <button type="button" className="d-fullscreen" onClick={enterFullscreen}>
          Full screen
        </button>
      ) : null}
    </footer>
  );
}
