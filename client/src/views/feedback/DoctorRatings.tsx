// /doctor/ratings: the doctor's own ratings over published (approved) feedback, per dimension (the
// average, how many rated it, a bar), and that feedback with a reply box under each entry without
// a reply. A doctor replies once; the reply is then shown as written, with whether the clinic hid it.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { Shell } from '../../components/Shell';
import { Empty, ErrorLine, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { DoctorRating, FeedbackEntry, Role } from '../../lib/contract';
import { calendarDay, stamp } from '../../lib/datetime';
import { useUser } from '../../lib/use-user';
import { useClinic } from '../doctor/use-clinic';
import { useFeedbackList } from './data';
import { Ratings, Texts } from './Shown';
import { average, DIMENSION_LABEL, DIMENSIONS } from './words';
import './feedback.css';
import { Problem, ShowMore, useAction } from './parts';

const ROLES: readonly Role[] = ['doctor'];

export default function DoctorRatings() {
  const user = useUser(ROLES);
  useEffect(() => {
    document.title = 'My ratings · Clinic Hub';
  }, []);
  if (!user) return <Loading what="Opening your ratings" />;
  return (
    <Shell user={user} title="My ratings">
      {user.doctorId ? (
        <MyRatings doctorId={user.doctorId} />
      ) : (
        <p className="error" role="alert">
          This login is not linked to a doctor, so there are no ratings to show. Please ask the clinic’s administrator.
        </p>
      )}
    </Shell>
  );
}

function MyRatings({ doctorId }: { doctorId: string }) {
  const { clinic } = useClinic(doctorId);
  const [rating, setRating] = useState<DoctorRating | null>(null);
  const [ratingError, setRatingError] = useState<unknown>(null);
  const list = useFeedbackList(`doctorId=${encodeURIComponent(doctorId)}&status=approved&limit=20`);
  const zone = clinic?.timeZone;

  const readRating = useCallback(async () => {
    try {
      setRating(await api<DoctorRating>('GET', `/api/doctors/${doctorId}/rating`));
      setRatingError(null);
    } catch (err) {
      setRatingError(err);
    }
  }, [doctorId]);
  useEffect(() => {
    void readRating();
  }, [readRating]);

  return (
    <div className="stack ratings-page">
      <h1>My ratings</h1>
      <section className="card" aria-labelledby="ratings-summary">
        <h2 id="ratings-summary">Average ratings</h2>
        <ErrorLine error={ratingError} />
        {!rating ? (
          ratingError ? null : (
            <Loading what="Loading your ratings" />
          )
        ) : rating.count === 0 ? (
          <Empty>No published feedback yet. Ratings show here once the clinic has approved some.</Empty>
        ) : (
          <>
            <p>
              <strong className="big-average">{average(rating.average)}</strong> out of 5 overall, from {rating.count} published{' '}
              {rating.count === 1 ? 'review' : 'reviews'}.
            </p>
            <table className="ratings-table">
              <caption className="sr-only">Average rating per question, out of 5</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col" className="num">
                    Average
                  </th>
                  <th scope="col" className="num">
                    Rated by
                  </th>
                  <th scope="col">
                    <span className="sr-only">Average as a bar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {DIMENSIONS.map((d) => {
                  const { average: value, count } = rating.dimensions[d];
                  return (
                    <tr key={d}>
                      <th scope="row">{DIMENSION_LABEL[d]}</th>
                      <td className="num">{average(value)}</td>
                      <td className="num">{count}</td>
                      <td>
                        <span className="bar" aria-hidden="true">
                          <span style={{ width: `${((value ?? 0) / 5) * 100}%` }} />
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="ratings-feedback">
        <h2 id="ratings-feedback">Published feedback</h2>
        <p className="muted">
          What patients said about their visits with you, once the clinic approved it. You can reply once to each; patients see your reply
          under their review.
        </p>
        <ErrorLine error={list.error} />
        {!list.entries ? (
          list.error ? null : (
            <Loading what="Loading feedback" />
          )
        ) : list.entries.length === 0 ? (
          <Empty>No published feedback yet.</Empty>
        ) : (
          <>
            <ul className="feedback-list" aria-label="Published feedback">
              {list.entries.map((entry) => (
                <Entry key={entry.id} entry={entry} zone={zone} onReplied={list.replace} />
              ))}
            </ul>
            <ShowMore list={list} />
          </>
        )}
      </section>
    </div>
  );
}

function Entry({ entry, zone, onReplied }: { entry: FeedbackEntry; zone: string | undefined; onReplied: (e: FeedbackEntry) => void }) {
  const id = useId();
  const [body, setBody] = useState('');
  const { busy, error, setError, run } = useAction();

  function reply(e: FormEvent) {
    e.preventDefault();
    if (!body.trim()) return setError('Please write your reply first.');
    void run(async () => onReplied(await api<FeedbackEntry>('POST', `/api/feedback/${entry.id}/reply`, { body: body.trim() })));
  }

  return (
    <li className="card">
      <div className="feedback-head">
        <h3 id={`${id}-title`}>{calendarDay(entry.visitDay)}</h3>
        {entry.anonymous ? <span className="tag tag-anonymous">Anonymous</span> : <span>{entry.patient?.name ?? 'A patient'}</span>}
      </div>
      <Ratings ratings={entry.ratings} />
      <Texts wentWell={entry.wentWell} suggestions={entry.suggestions} comment={entry.comment} />
      {entry.reply ? (
        <div className="reply">
          <p>
            <strong>Your reply</strong> <span className="muted">· {stamp(entry.reply.at, zone)}</span>{' '}
            {entry.reply.hidden ? <span className="tag">Hidden by the clinic</span> : null}
          </p>
          <p>{entry.reply.body}</p>
        </div>
      ) : (
        <form className="stack" onSubmit={reply} aria-labelledby={`${id}-reply-label`} noValidate>
          <div className="field">
            <label htmlFor={`${id}-reply`} id={`${id}-reply-label`}>
              Reply to this feedback (once; patients see it)
            </label>
            <textarea id={`${id}-reply`} value={body} maxLength={2000} rows={3} onChange={(e) => setBody(e.target.value)} />
          </div>
          <Problem error={error} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Posting…' : 'Post reply'}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
