// "Rate this visit" in the portal: a completed visit without feedback opens the feedback form in
// place (POST /api/appointments/:id/feedback). Once the visit is rated the button goes; the form
// that was used stays on its thank-you until the page changes.
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { FeedbackInput, FeedbackReceipt } from '../../lib/contract';
import { FeedbackForm } from './FeedbackForm';

interface Props {
  appointmentId: string;
  /** "Dr. Ana Costa", for the form's heading. */
  doctorName: string;
  /** "Thu 5 Mar", the visit's day in the clinic's zone. */
  dayLabel: string;
  /** Whether the visit already has feedback (from any channel). */
  rated: boolean;
  /** Called once the hub took (or refused for good) this visit's feedback. */
  onRated: (appointmentId: string) => void;
  /** The level of the form's heading. */
  level: 3 | 4 | 5;
}

export function RateVisit({ appointmentId, doctorName, dayLabel, rated, onRated, level }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened by this person: they continue at the form's heading.
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  if (rated && !open) return null;
  const Heading = `h${level}` as const;
  const send = (input: FeedbackInput) => api<FeedbackReceipt>('POST', `/api/appointments/${appointmentId}/feedback`, input);

  if (!open)
    return (
      <div className="row">
        <button type="button" ref={opener} aria-label={`Rate this visit: ${dayLabel} with ${doctorName}`} onClick={() => setOpen(true)}>
          Rate this visit
        </button>
      </div>
    );
  return (
    <div className="panel rate-visit stack">
      <Heading id={`${id}-title`} tabIndex={-1} ref={heading}>
        How was your visit with {doctorName} on {dayLabel}?
      </Heading>
      <FeedbackForm
        labelledBy={`${id}-title`}
        level={(level + 1) as 4 | 5 | 6}
        send={send}
        onDone={() => onRated(appointmentId)}
        onCancel={() => {
          setOpen(false);
          requestAnimationFrame(() => opener.current?.focus());
        }}
        thanks={<p>The clinic reads every review before it is published. You will find it under “Your feedback”.</p>}
      />
    </div>
  );
}
