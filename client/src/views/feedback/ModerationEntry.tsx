// One feedback in the moderation list: the doctor and day, status, sentiment, follow-up reasons,
// who wrote it (or "Anonymous", never a name), the ratings and texts, the doctor's reply and its
// reports; and the admin's actions: Approve, Reject (a reason is required), Close follow-up (an
// optional note), Hide or Show a reply, and, for an anonymous entry only, Reveal author behind a
// dialog that says the look is audited.
import { type FormEvent, useId, useState } from 'react';
import { api } from '../../lib/api';
import type { FeedbackAuthor, FeedbackEntry } from '../../lib/contract';
import { calendarDay, stamp } from '../../lib/datetime';
import { Dialog } from '../doctor/Dialog';
import { Problem, useAction } from './parts';
import { Ratings, Texts } from './Shown';
import { FOLLOW_UP_REASON, SENTIMENT, STATUS } from './words';

interface Props {
  entry: FeedbackEntry;
  /** The location's zone, for times. */
  zone: string | undefined;
  /** The author, once revealed on this page. */
  author: FeedbackAuthor | null;
  onAuthor: (author: FeedbackAuthor) => void;
  /** After a change: the list is read again and the sentence said. */
  onChanged: (sentence: string) => Promise<void>;
}

type Mode = 'idle' | 'reject' | 'close' | 'reveal';

export function ModerationEntry({ entry, zone, author, onAuthor, onChanged }: Props) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('idle');
  const [text, setText] = useState('');
  const { busy, error, setError, run: runAction } = useAction();
  const about = `${entry.doctorName} on ${calendarDay(entry.visitDay)}`;

  const run = (action: () => Promise<unknown>, sentence: string) =>
    runAction(async () => {
      await action();
      setMode('idle');
      setText('');
      await onChanged(sentence);
    });

  const approve = () =>
    run(() => api('POST', `/api/feedback/${entry.id}/moderate`, { status: 'approved' }), `Approved the feedback about ${about}.`);
  const reject = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError('Please give the reason it is not published; the patient reads it.');
    void run(
      () => api('POST', `/api/feedback/${entry.id}/moderate`, { status: 'rejected', reason: text.trim() }),
      `Rejected the feedback about ${about}.`,
    );
  };
  const closeFollowUp = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () => api('POST', `/api/feedback/${entry.id}/follow-up`, text.trim() ? { status: 'done', note: text.trim() } : { status: 'done' }),
      `Closed the follow-up of the feedback about ${about}.`,
    );
  };
  const toggleReply = (hidden: boolean) =>
    run(
      () => api('POST', `/api/feedback/${entry.id}/reply/moderate`, { hidden }),
      `${hidden ? 'Hid' : 'Showed'} the doctor’s reply to the feedback about ${about}.`,
    );
  function reveal() {
    setMode('idle');
    void runAction(async () => onAuthor(await api<FeedbackAuthor>('GET', `/api/feedback/${entry.id}/author`)));
  }

  const open = (m: Mode) => {
    setMode(m);
    setText('');
    setError(null);
  };

  return (
    <li className="card">
      <div className="feedback-head">
        <h2 id={`${id}-title`} className="entry-title">
          {entry.doctorName} · {calendarDay(entry.visitDay)}
        </h2>
        <span className={`tag tag-${entry.status}`}>{STATUS[entry.status]}</span>
        {entry.sentiment ? <span className={`tag tag-${entry.sentiment.label}`}>Sentiment: {SENTIMENT[entry.sentiment.label]}</span> : null}
        {entry.followUp?.status === 'open' ? (
          <span className="tag tag-follow-up">Follow-up: {entry.followUp.reasons.map((r) => FOLLOW_UP_REASON[r]).join(', ')}</span>
        ) : null}
        {entry.anonymous ? <span className="tag tag-anonymous">Anonymous</span> : null}
      </div>
      <p className="muted">
        {entry.anonymous ? (
          author ? (
            <>
              Written by{' '}
              <strong>
                {author.firstName} {author.lastName}
              </strong>{' '}
              (revealed by you; recorded in the audit log)
            </>
          ) : (
            'The patient asked not to be named.'
          )
        ) : (
          <>From {entry.patient?.name ?? 'a patient'}</>
        )}
        {' · '}
        {entry.channel === 'link' ? 'from the emailed link' : 'from the portal'}
        {/* An anonymous entry's times read as its visit's day (the hub keeps when it was written to itself). */}
        {entry.anonymous ? null : ` · sent ${stamp(entry.createdAt, zone)}`}
      </p>
      <Ratings ratings={entry.ratings} />
      <Texts wentWell={entry.wentWell} suggestions={entry.suggestions} comment={entry.comment} />
      {entry.moderation ? (
        <p className="muted">
          {entry.status === 'rejected' ? 'Rejected' : entry.status === 'approved' ? 'Approved' : 'Reviewed'}{' '}
          {stamp(entry.moderation.at, zone)}
          {entry.moderation.reason ? `: ${entry.moderation.reason}` : ''}
        </p>
      ) : null}
      {entry.followUp ? (
        <p className={entry.followUp.status === 'open' ? '' : 'muted'}>
          {entry.followUp.status === 'open'
            ? `Follow-up open${entry.anonymous ? '' : ` since ${stamp(entry.followUp.openedAt, zone)}`} (${entry.followUp.reasons.map((r) => FOLLOW_UP_REASON[r].toLowerCase()).join(', ')}).`
            : `Follow-up closed${entry.followUp.closedAt ? ` ${stamp(entry.followUp.closedAt, zone)}` : ''}${entry.followUp.note ? `: ${entry.followUp.note}` : '.'}`}
        </p>
      ) : null}
      {entry.reply ? (
        <div className="reply">
          <p>
            <strong>Reply from {entry.doctorName}</strong> <span className="muted">· {stamp(entry.reply.at, zone)}</span>{' '}
            {entry.reply.hidden ? <span className="tag">Hidden from patients</span> : null}{' '}
            {entry.reply.reportCount > 0 ? (
              <span className="tag tag-rejected">
                Reported {entry.reply.reportCount} time{entry.reply.reportCount === 1 ? '' : 's'}
              </span>
            ) : null}
          </p>
          <p>{entry.reply.body}</p>
        </div>
      ) : null}
      <div className="entry-actions">
        {entry.status !== 'approved' ? (
          <button type="button" className="primary" aria-describedby={`${id}-title`} disabled={busy} onClick={() => void approve()}>
            Approve
          </button>
        ) : null}
        {entry.status !== 'rejected' ? (
          <button
            type="button"
            className="danger"
            aria-describedby={`${id}-title`}
            disabled={busy}
            aria-expanded={mode === 'reject'}
            onClick={() => open('reject')}
          >
            Reject…
          </button>
        ) : null}
        {entry.followUp?.status === 'open' ? (
          <button type="button" disabled={busy} aria-expanded={mode === 'close'} onClick={() => open('close')}>
            Close follow-up…
          </button>
        ) : null}
        {entry.reply ? (
          <button type="button" disabled={busy} onClick={() => void toggleReply(!entry.reply?.hidden)}>
            {entry.reply.hidden ? 'Show reply' : 'Hide reply'}
          </button>
        ) : null}
        {entry.anonymous && !author ? (
          <button type="button" disabled={busy} onClick={() => open('reveal')}>
            Reveal author…
          </button>
        ) : null}
      </div>
      {mode === 'reject' || mode === 'close' ? (
        <form className="entry-panel stack" onSubmit={mode === 'reject' ? reject : closeFollowUp} noValidate>
          <div className="field">
            <label htmlFor={`${id}-text`}>
              {mode === 'reject' ? 'Why is it not published? (the patient reads this)' : 'Note (optional): what was done'}
            </label>
            <textarea
              id={`${id}-text`}
              value={text}
              maxLength={500}
              rows={2}
              required={mode === 'reject'}
              // biome-ignore lint/a11y/noAutofocus: the admin just opened this panel; the text is where they continue
              autoFocus
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <Problem error={error} />
          <div className="row">
            <button type="submit" className={mode === 'reject' ? 'danger' : 'primary'} disabled={busy}>
              {mode === 'reject' ? 'Reject' : 'Close follow-up'}
            </button>
            <button type="button" disabled={busy} onClick={() => open('idle')}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <Problem error={error} />
      )}
      {mode === 'reveal' ? (
        <Dialog
          title="Reveal who wrote this?"
          onCancel={() => open('idle')}
          choices={[
            { label: 'Cancel', onChoose: () => open('idle'), focus: true },
            { label: 'Reveal author', kind: 'danger', onChoose: () => void reveal() },
          ]}
        >
          <p>
            The patient asked to post this anonymously. Reveal their name only when you need to follow up on it. Your name, the time and
            this feedback are recorded in the audit log.
          </p>
        </Dialog>
      ) : null}
    </li>
  );
}
