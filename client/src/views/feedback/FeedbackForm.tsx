// The feedback form, the same from the emailed link (/feedback, no sign-in) and from the portal
// ("Rate this visit"): the overall rating (required) and five optional ones as star radio groups,
// three texts, "Post anonymously" with what it means, then a thank-you in place of the form.
// A refusal that sending again cannot fix (already rated, link expired, visit not over, too late)
// replaces the form with its sentence; any other error keeps the answers for another try.
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { FeedbackDimension, FeedbackInput, FeedbackRatings } from '../../lib/contract';
import { ApiError, sentenceFor } from '../../lib/errors';
import { StarRating } from './StarRating';
import { DIMENSION_LABEL, DIMENSIONS } from './words';

/** Codes after which this form can never be sent for this visit. */
const FINAL = new Set(['FEEDBACK_EXISTS', 'FEEDBACK_LINK_INVALID', 'VISIT_NOT_COMPLETED', 'FEEDBACK_CLOSED', 'NOT_FOUND']);
const MAX_TEXT = 2000;

interface Props {
  /** The heading's id: the form is named by it. */
  labelledBy: string;
  send: (input: FeedbackInput) => Promise<unknown>;
  /** Said under "Thank you" (where the feedback goes next). */
  thanks: ReactNode;
  /** After a thank-you or a final refusal: the parent reads its lists again. */
  onDone?: () => void;
  /** The portal's "Not now". */
  onCancel?: () => void;
  /** The level of the thank-you's heading: one below the form's own. */
  level?: 2 | 3 | 4 | 5 | 6;
}

type Texts = { wentWell: string; suggestions: string; comment: string };

export function FeedbackForm({ labelledBy, send, thanks, onDone, onCancel, level = 3 }: Props) {
  const Heading = `h${level}` as const;
  const id = useId();
  const [ratings, setRatings] = useState<Partial<Record<FeedbackDimension, number>>>({});
  const [texts, setTexts] = useState<Texts>({ wentWell: '', suggestions: '', comment: '' });
  const [anonymous, setAnonymous] = useState(false);
  const [missingOverall, setMissingOverall] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<'sent' | 'refused' | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const after = useRef<HTMLDivElement>(null);

  // The thank-you (or the refusal) replaces the form where the focus was: it is read out and focused.
  useEffect(() => {
    if (outcome) after.current?.focus();
  }, [outcome]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const overall = ratings.overall;
    if (!overall) {
      setMissingOverall(true);
      form.current?.querySelector<HTMLInputElement>(`input[name="${id}-overall"]`)?.focus();
      return;
    }
    const chosen: FeedbackRatings = { overall };
    for (const d of DIMENSIONS) {
      const value = ratings[d];
      if (d !== 'overall' && value) chosen[d] = value;
    }
    const input: FeedbackInput = { ratings: chosen, anonymous };
    for (const key of ['wentWell', 'suggestions', 'comment'] as const) {
      const text = texts[key].trim();
      if (text) input[key] = text;
    }
    setBusy(true);
    setError(null);
    try {
      await send(input);
      setOutcome('sent');
      onDone?.();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && FINAL.has(err.code)) {
        setOutcome('refused');
        onDone?.();
      }
    } finally {
      setBusy(false);
    }
  }

  if (outcome === 'sent')
    return (
      <div className="feedback-after thanks" ref={after} tabIndex={-1} role="status">
        <Heading>Thank you for your feedback!</Heading>
        {thanks}
      </div>
    );
  if (outcome === 'refused')
    return (
      <div className="feedback-after" ref={after} tabIndex={-1}>
        <p className="error" role="alert">
          {sentenceFor(error)}
        </p>
      </div>
    );

  const text = (key: keyof Texts, label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <small className="muted" id={`${id}-${key}-hint`}>
        {hint}
      </small>
      <textarea
        id={`${id}-${key}`}
        aria-describedby={`${id}-${key}-hint`}
        value={texts[key]}
        maxLength={MAX_TEXT}
        rows={3}
        onChange={(e) => setTexts((t) => ({ ...t, [key]: e.target.value }))}
      />
    </div>
  );

  return (
    <form ref={form} className="feedback-form stack" aria-labelledby={labelledBy} onSubmit={submit} noValidate>
      <StarRating
        legend={DIMENSION_LABEL.overall}
        name={`${id}-overall`}
        required
        value={ratings.overall ?? null}
        problem={missingOverall && !ratings.overall ? 'Please choose 1 to 5 stars for your visit overall.' : null}
        disabled={busy}
        onChange={(v) => setRatings((r) => ({ ...r, overall: v ?? undefined }))}
      />
      <p className="muted">The rest is optional: answer what you like.</p>
      {DIMENSIONS.filter((d) => d !== 'overall').map((d) => (
        <StarRating
          key={d}
          legend={DIMENSION_LABEL[d]}
          name={`${id}-${d}`}
          value={ratings[d] ?? null}
          disabled={busy}
          onChange={(v) => setRatings((r) => ({ ...r, [d]: v ?? undefined }))}
        />
      ))}
      {text('wentWell', 'What went well', 'Optional.')}
      {text('suggestions', 'What could we do better', 'Optional.')}
      {text('comment', 'Comment', 'Optional: anything else you would like to tell the clinic.')}
      <div className="anonymous">
        {/* The label wraps the box: the whole line is the target a finger aims at. */}
        <label>
          <input
            type="checkbox"
            checked={anonymous}
            aria-describedby={`${id}-anonymous-what`}
            onChange={(e) => setAnonymous(e.target.checked)}
          />
          Post anonymously
        </label>
        <p className="muted" id={`${id}-anonymous-what`}>
          The doctor and the clinic’s feedback lists will not show your name. Only if something needs looking into can a clinic
          administrator find out who wrote it, and every such look is recorded.
        </p>
      </div>
      {error ? (
        <p className="error" role="alert">
          {sentenceFor(error)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send feedback'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} disabled={busy}>
            Not now
          </button>
        ) : null}
      </div>
    </form>
  );
}
