// The visits a time off would fall on, shown before it is saved (POST
// /api/doctors/:id/unavailability/affected): saving never cancels or moves them, so the admin sees
// who to call, then saves or goes back to the dates. The list takes the focus when it appears.
import { useEffect, useId, useRef } from 'react';
import type { AffectedVisit } from '../../lib/contract';
import { dayAndTime } from '../../lib/datetime';

const STATUS_WORD: Record<string, string> = {
  scheduled: 'booked',
  confirmed: 'confirmed',
  checked_in: 'checked in',
  called: 'called in',
  in_progress: 'with the doctor',
};

export function AffectedVisits({
  visits,
  zone,
  busy,
  editing,
  onSave,
  onBack,
}: {
  visits: AffectedVisit[];
  zone: string;
  busy: boolean;
  /** A change to a saved time off: visits already inside it are marked as such. */
  editing: boolean;
  onSave: () => void;
  onBack: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      className="admin-affected stack"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onBack();
      }}
    >
      <h4 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {visits.length === 1 ? '1 booked visit falls in this time off' : `${visits.length} booked visits fall in this time off`}
      </h4>
      <ul aria-label="Visits in this time off">
        {visits.map((v) => (
          <li key={v.id}>
            {dayAndTime(v.startAt, zone)}: {v.patientName || 'A patient'} ({STATUS_WORD[v.status] ?? v.status})
            {editing && v.alreadyAffected ? <span className="muted"> · already in it before this change</span> : null}
          </li>
        ))}
      </ul>
      <p>Saving keeps these visits booked: nothing is cancelled. Call the patients to move them at the reception desk.</p>
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={onSave}>
          {busy ? 'Saving…' : 'Save time off and keep the visits'}
        </button>
        <button type="button" onClick={onBack}>
          Change the dates
        </button>
      </div>
    </section>
  );
}
