// "Your feedback" in the patient portal: the visits waiting for a rating ("Rate this visit"), then
// the patient's own feedback with where it is (awaiting review, published, or not published and
// why), the doctor's reply, and "Report this reply" for a reply they find wrong.
import { type FormEvent, useId, useState } from 'react';
import { Empty, ErrorLine, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { MyFeedback as MyFeedbackItem } from '../../lib/contract';
import { day, stamp } from '../../lib/datetime';
import type { MyFeedbackState } from './data';
import { RateVisit } from './RateVisit';
import { Ratings, Texts } from './Shown';
import { MY_STATUS } from './words';
import './feedback.css';
import { Problem, useAction } from './parts';

export interface VisitToRate {
  appointmentId: string;
  doctorName: string;
  dayLabel: string;
}

interface Props {
  state: MyFeedbackState;
  /** Completed visits without feedback (and those rated on this page since it opened), newest first. */
  toRate: readonly VisitToRate[];
  /** The clinic's zone of a visit, which its day and times are written in. */
  zoneOf: (appointmentId: string) => string | undefined;
}

export function MyFeedback({ state, toRate, zoneOf }: Props) {
  const { feedback, error, ratedIds, rated } = state;
  const waiting = toRate;
  return (
    <div className="stack">
      {waiting.length > 0 ? (
        <>
          <h3 className="subhead">Visits to rate</h3>
          <ul className="feedback-list" aria-label="Visits to rate">
            {waiting.map((v) => (
              <li key={v.appointmentId} className="stack">
                <span>
                  <strong>{v.dayLabel}</strong> with {v.doctorName}
                </span>
                <RateVisit {...v} rated={ratedIds.has(v.appointmentId)} onRated={rated} level={4} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 className="subhead">What you told us</h3>
      {error && !feedback ? <ErrorLine error={error} /> : null}
      {!feedback ? (
        error ? null : (
          <Loading what="Loading your feedback" />
        )
      ) : feedback.length === 0 ? (
        <Empty>You have not given feedback yet. After a visit you can rate it here.</Empty>
      ) : (
        <ul className="feedback-list" aria-label="Your feedback">
          {feedback.map((f) => (
            <Given key={f.id} item={f} zone={zoneOf(f.appointmentId)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Given({ item, zone }: { item: MyFeedbackItem; zone: string | undefined }) {
  const id = useId();
  return (
    <li className="card">
      <div className="feedback-head">
        <h4 id={`${id}-title`}>
          {item.doctorName} · {day(item.visitAt, zone)}
        </h4>
        <span className={`tag tag-${item.status}`}>{MY_STATUS[item.status]}</span>
        {item.anonymous ? <span className="tag">Posted anonymously</span> : null}
      </div>
      {item.status === 'pending' ? <p className="muted">The clinic reads every review before it is published.</p> : null}
      {item.status === 'rejected' ? (
        <p>
          <strong>Not published:</strong> {item.moderationReason || 'the clinic did not give a reason.'}
        </p>
      ) : null}
      <Ratings ratings={item.ratings} />
      <Texts wentWell={item.wentWell} suggestions={item.suggestions} comment={item.comment} />
      <p className="muted">Sent {stamp(item.createdAt, zone)}</p>
      {item.reply ? <Reply feedbackId={item.id} doctorName={item.doctorName} reply={item.reply} zone={zone} /> : null}
    </li>
  );
}

function Reply({
  feedbackId,
  doctorName,
  reply,
  zone,
}: {
  feedbackId: string;
  doctorName: string;
  reply: NonNullable<MyFeedbackItem['reply']>;
  zone: string | undefined;
}) {
  const id = useId();
  // The hub says whether this patient reported it already (a report counts once).
  const [mode, setMode] = useState<'idle' | 'report' | 'reported'>(reply.reportedByYou ? 'reported' : 'idle');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();

  function report(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setError('Please say what is wrong with this reply.');
    void run(async () => {
      await api('POST', `/api/feedback/${feedbackId}/reply/report`, { reason: reason.trim() });
      setMode('reported');
    });
  }

  return (
    <div className="reply">
      <p id={`${id}-who`}>
        <strong>Reply from {doctorName}</strong> <span className="muted">· {stamp(reply.at, zone)}</span>
      </p>
      <p>{reply.body}</p>
      {mode === 'idle' ? (
        <button type="button" className="link" onClick={() => setMode('report')}>
          Report this reply
        </button>
      ) : null}
      {mode === 'report' ? (
        <form className="stack" onSubmit={report} aria-label="Report this reply" noValidate>
          <div className="field">
            <label htmlFor={`${id}-reason`}>What is wrong with this reply?</label>
            <textarea
              id={`${id}-reason`}
              value={reason}
              maxLength={500}
              rows={2}
              required
              // biome-ignore lint/a11y/noAutofocus: the person just asked to report; the reason is where they continue
              autoFocus
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <Problem error={error} />
          <div className="row">
            <button type="submit" className="danger" disabled={busy}>
              {busy ? 'Sending…' : 'Send report'}
            </button>
            <button type="button" onClick={() => setMode('idle')} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'reported' ? (
        <p className="ok" role="status">
          You reported this reply. Thank you: the clinic will look at it.
        </p>
      ) : null}
    </div>
  );
}
