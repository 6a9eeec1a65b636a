// The board itself: clinic name and clock, the "now calling" panel (an aria-live region), the
// last calls, and the doctors' cards (Doctors.tsx) with exactly what the board payload carries
// (nothing else is shown or fetched about patients). Landscape screens put the calls beside the
// doctors, portrait ones above them (display.css). Controls for staff sit small at the bottom.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Board as BoardShape } from '../../lib/contract';
import { announce, onSoundChange, soundBlocked, unlockAudio } from './announcer';
import { Clock } from './Clock';
import { Doctors } from './Doctors';
import { usePageTurn, useRowsThatFit } from './paging';
import type { Screen } from './storage';
import { type Call, tooOldToSpeak, useBoard } from './use-board';
import { roomLabel, spokenTicket, type Words, wordsFor } from './words';

/** How long a call stays in the banner at least (and until its announcement has been spoken). */
const BANNER_MS = 12_000;

interface ActiveCall extends Call {
  key: number;
  /** The seq of the board on screen when the call came (the board that already shows it called). */
  seenAt: number;
}

/** Tickets the board lists as waiting: none of them may be under "now calling". */
function waitingTickets(board: BoardShape | null): Set<string> {
  return new Set(board?.doctors.flatMap((d) => d.waiting.map((w) => w.ticket)) ?? []);
}

/**
 * Whether `board` still shows the call: not back in a queue (an undone call), and, on a board
 * newer than the call, still among the last calls or being served (not cancelled or gone).
 */
function stillCalled(call: ActiveCall, board: BoardShape, waiting: Set<string>): boolean {
  if (waiting.has(call.ticket)) return false;
  if (board.seq <= call.seenAt) return true;
  return board.recentCalls.some((r) => r.ticket === call.ticket) || board.doctors.some((d) => d.nowServing?.ticket === call.ticket);
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
  const boardSeq = useRef(-1);
  /** Calls the board has taken back (undone), for the announcer to skip. */
  const withdrawn = useRef(new Set<number>());
  /** The hub's clock minus the screen's (use-board.ts), read when a call arrives. */
  const hubOffsetMs = useRef<() => number>(() => 0);

  const call = useCallback(
    (c: Call) => {
      const key = ++counter.current;
      const seenAt = boardSeq.current;
      setCalls((now) => [{ ...c, key, seenAt }, ...now.filter((x) => x.ticket !== c.ticket)].slice(0, 3));
      const shown = new Promise((resolve) => setTimeout(resolve, BANNER_MS));
      // Not spoken at all if the call is undone (gone from the banner) before its turn to be, nor
      // if it reached the screen late (replayed after a reconnect): the people called have moved on.
      const wanted = () => !withdrawn.current.has(key);
      const spoken = tooOldToSpeak(c, hubOffsetMs.current())
        ? Promise.resolve()
        : announce(words.speech(spokenTicket(c.ticket), roomLabel(c.room, words)), lang, wanted);
      void Promise.all([shown, spoken]).then(() => setCalls((now) => now.filter((x) => x.key !== key)));
    },
    [lang, words],
  );
  const { board, link, hubOffsetMs: offset } = useBoard(token, screen.locationId, { call, revoked: onRevoked });
  hubOffsetMs.current = offset;
  boardSeq.current = board?.seq ?? -1;
  const turn = usePageTurn();

  // A call the board no longer shows (undone: the ticket is waiting again) leaves the banner at
  // once rather than after its time, and is never shown as calling while listed as waiting.
  const waiting = useMemo(() => waitingTickets(board), [board]);
  useEffect(() => {
    if (board)
      setCalls((now) => (now.every((c) => stillCalled(c, board, waiting)) ? now : now.filter((c) => stillCalled(c, board, waiting))));
  }, [board, waiting]);
  const shownCalls = board ? calls.filter((c) => stillCalled(c, board, waiting)) : calls;
  for (const c of calls) if (!shownCalls.includes(c)) withdrawn.current.add(c.key);

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

  const [first, ...others] = shownCalls;
  return (
    <main id="content" className="display" lang={lang}>
      <header className="d-top">
        <h1 className="d-clinic">{screen.locationName}</h1>
        <Clock timeZone={screen.timezone} lang={lang} />
      </header>
      <SoundNotice words={words} />
      <div className="d-body" data-doctors={(board?.doctors.length ?? 0) > 6 ? 'many' : 'few'}>
        <aside className="d-side">
          <section className={first ? 'd-calling d-active' : 'd-calling'} aria-labelledby="d-calling-title">
            <h2 id="d-calling-title">{words.nowCalling}</h2>
            {/* The calm state sits outside the live region: a call ending is not announced. */}
            {first ? null : <p className="d-call-none">{words.nobodyCalled}</p>}
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
          <Doctors board={board} words={words} turn={turn} />
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

/** The newest calls, as many as fit whole (the oldest are left off rather than cut). */
function RecentCalls({ board, words }: { board: BoardShape | null; words: Words }) {
  const recent = board?.recentCalls ?? [];
  const box = useRef<HTMLDivElement>(null);
  const sample = useRef<HTMLLIElement>(null);
  const rows = recent.slice(0, useRowsThatFit(box, sample));
  return (
    <section className="d-recent" aria-labelledby="d-recent-title">
      <h2 id="d-recent-title">{words.lastCalls}</h2>
      <div className="d-recent-box" ref={box}>
        {recent.length === 0 ? (
          <p className="d-none">{words.noCalls}</p>
        ) : (
          <ol>
            {rows.map((c) => (
              <li key={`${c.ticket}-${c.calledAt}`}>
                <span className="ticket">{c.ticket}</span>
                <span className="d-recent-room">{roomLabel(c.room, words)}</span>
              </li>
            ))}
          </ol>
        )}
        <ol className="d-sample" aria-hidden="true">
          <li ref={sample}>
            <span className="ticket">A-000</span>
          </li>
        </ol>
      </div>
    </section>
  );
}

/** A large "Tap to turn on sound" while the browser keeps the chime silent (autoplay policy). */
function SoundNotice({ words }: { words: Words }) {
  const blocked = useSyncExternalStore(onSoundChange, soundBlocked);
  if (!blocked) return null;
  return (
    <button type="button" className="d-sound" onClick={unlockAudio}>
      <span aria-hidden="true">🔇 </span>
      {words.soundOff}
    </button>
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
