// The live queue: who is with the doctor, who waits (tickets, names, reasons, priority, triaged, ETA),
// and the actions: call next, start, complete, no-show, and undo of a call within a minute.
// Complete and No-show are asked once more in a dialog (neither can be taken back); No-show
// waits until some minutes after the call, as the server does.
import { useEffect, useRef, useState } from 'react';
import { clock, Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Appointment, Queue as QueueShape } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { Dialog } from './Dialog';
import { minutes, statusLabel } from './labels';
import { Problem } from './Problem';
import { useNoShowFrom } from './use-no-show-from';

const UNDO_MS = 60_000;
type Action = 'call' | 'start' | 'complete' | 'no-show' | 'undo';
const NEXT_FOCUS: Record<Action, string> = { call: 'start', start: 'complete', complete: 'call', 'no-show': 'call', undo: 'call' };

interface Props {
  doctorId: string;
  queue: QueueShape | null;
  error: unknown;
  timeZone: string;
  onOpen: (entry: { appointmentId: string; patientId: string; ticket: string; name: string }) => void;
}

export function Queue({ doctorId, queue, error, timeZone, onOpen }: Props) {
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [lastCall, setLastCall] = useState<Pick<Appointment, 'id' | 'ticket'> | null>(null);
  const [wantFocus, setWantFocus] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'complete' | 'no-show' | null>(null);
  const busy = useRef(false);
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const serving = queue?.nowServing ?? null;
  const noShow = useNoShowFrom(serving, timeZone);

  useEffect(() => {
    if (!lastCall) return;
    const t = setTimeout(() => setLastCall(null), UNDO_MS);
    return () => clearTimeout(t);
  }, [lastCall]);

  useEffect(() => {
    const target = wantFocus ? buttons.current[wantFocus] : null;
    if (target && !target.disabled) {
      target.focus();
      setWantFocus(null);
    }
  });

  async function act(action: Action) {
    if (busy.current) return;
    busy.current = true;
    setProblem(null);
    setDone('');
    try {
      if (action === 'call') {
        const called = await api<Appointment>('POST', `/api/doctors/${doctorId}/queue/call-next`);
        setLastCall({ id: called.id, ticket: called.ticket });
        setDone(`Called ticket ${called.ticket}.`);
      } else if (serving) {
        const path = action === 'undo' ? 'undo-call' : action;
        await api('POST', `/api/appointments/${serving.appointmentId}/${path}`);
        if (action !== 'start') setLastCall(null);
        const what = { start: 'started', complete: 'completed', 'no-show': 'marked as a no-show', undo: 'back at the head of the queue' };
        setDone(`Ticket ${serving.ticket} ${what[action]}.`);
      }
      setWantFocus(NEXT_FOCUS[action]);
    } catch (err) {
      if (action === 'no-show' && err instanceof ApiError && err.code === 'NO_SHOW_TOO_EARLY') {
        const allowedFrom = noShow.refused(err.details.allowedFrom);
        setProblem(
          allowedFrom
            ? `It is too early to mark a no-show: the patient may still be on their way. You can from ${clock(allowedFrom, timeZone)}.`
            : err,
        );
      } else setProblem(err);
    } finally {
      busy.current = false;
    }
  }

  const ref = (name: string) => (el: HTMLButtonElement | null) => {
    buttons.current[name] = el;
  };
  const canUndo = lastCall && serving?.appointmentId === lastCall.id && serving.status === 'called';

  return (
    <section className="card" aria-labelledby="queue-title">
      <div className="row between">
        <h2 id="queue-title">Queue</h2>
        {queue && queue.delayMinutes > 0 ? <span className="pill warn">Running {queue.delayMinutes} min late</span> : null}
      </div>
      <Problem error={error} />
      {!queue && !error ? <Loading what="Loading the queue" /> : null}
      {queue ? (
        <>
          <div className="serving" aria-live="polite">
            <h3>Now serving</h3>
            {serving ? (
              <p className="serving-line">
                <span className="ticket big">{serving.ticket}</span> <strong>{serving.patient.name}</strong>{' '}
                <span className="pill">{statusLabel(serving.status)}</span>
              </p>
            ) : (
              <Empty>Nobody is with you.</Empty>
            )}
          </div>
          <div className="row actions">
            <button type="button" className="primary" ref={ref('call')} disabled={Boolean(serving)} onClick={() => act('call')}>
              Call next
            </button>
            <button type="button" ref={ref('start')} disabled={serving?.status !== 'called'} onClick={() => act('start')}>
              Start visit
            </button>
            <button
              type="button"
              ref={ref('complete')}
              disabled={serving?.status !== 'in_progress'}
              onClick={() => setConfirming('complete')}
            >
              Complete visit
            </button>
            <button
              type="button"
              className="danger"
              ref={ref('no-show')}
              disabled={serving?.status !== 'called' || noShow.waiting}
              onClick={() => setConfirming('no-show')}
            >
              {serving?.status === 'called' && noShow.waiting && noShow.from ? `No-show from ${noShow.from}` : 'No-show'}
            </button>
            {canUndo ? (
              <button type="button" ref={ref('undo')} onClick={() => act('undo')}>
                Undo call
              </button>
            ) : null}
          </div>
          {confirming && serving ? (
            <Confirm
              action={confirming}
              who={`${serving.ticket} ${serving.patient.name}`}
              onAnswer={(yes) => {
                setConfirming(null);
                if (yes) act(confirming);
                else setWantFocus(confirming);
              }}
            />
          ) : null}
          <Problem error={problem} />
          <p className="ok" role="status">
            {done}
          </p>
          <h3>
            Waiting <span className="muted">({queue.waiting.length})</span>
          </h3>
          {queue.waiting.length === 0 ? (
            <Empty>Nobody is waiting.</Empty>
          ) : (
            <ol className="waiting" aria-label="Waiting patients">
              {queue.waiting.map((w) => (
                <li key={w.appointmentId} className={w.priority === 'urgent' ? 'urgent' : undefined}>
                  <span className="ticket">{w.ticket}</span>
                  <span className="who">
                    <strong>{w.patient.name}</strong>
                    {w.priority === 'urgent' ? <span className="pill danger">Urgent</span> : null}
                    {w.triagedAt ? <span className="pill ok-pill">Triaged {clock(w.triagedAt, timeZone)}</span> : null}
                    <span className="muted">{w.reason ?? 'No reason given'}</span>
                  </span>
                  <span className="eta">
                    <span>{minutes(w.etaMinutes)}</span>
                    <small className="muted">arrived {clock(w.checkedInAt, timeZone)}</small>
                  </span>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Open the record of ${w.patient.name}`}
                    onClick={() =>
                      onOpen({ appointmentId: w.appointmentId, patientId: w.patient.id, ticket: w.ticket, name: w.patient.name })
                    }
                  >
                    Record
                  </button>
                </li>
              ))}
            </ol>
          )}
        </>
      ) : null}
    </section>
  );
}

/** The second step of Complete and No-show. */
function Confirm({ action, who, onAnswer }: { action: 'complete' | 'no-show'; who: string; onAnswer: (yes: boolean) => void }) {
  const complete = action === 'complete';
  return (
    <Dialog
      title={complete ? `Complete the visit of ${who}?` : `Mark ${who} as a no-show?`}
      onCancel={() => onAnswer(false)}
      choices={
        complete
          ? [
              { label: 'Yes, complete the visit', kind: 'primary', focus: true, onChoose: () => onAnswer(true) },
              { label: 'Not yet', onChoose: () => onAnswer(false) },
            ]
          : [
              { label: 'Yes, mark as no-show', kind: 'danger', onChoose: () => onAnswer(true) },
              { label: 'Keep them called', focus: true, onChoose: () => onAnswer(false) },
            ]
      }
    >
      <p>
        {complete
          ? 'The visit ends and leaves your queue. Its note can still get new versions.'
          : 'The patient leaves the queue and the visit is closed as missed. This cannot be undone.'}
      </p>
    </Dialog>
  );
}
