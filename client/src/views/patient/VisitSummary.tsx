// The summary of a visit the doctor marked final and shared: who wrote it and for which visit,
// what they found (the assessment and diagnoses, by name; the ICD-10 code only as a reference),
// what to do next and when to come back. Only shared final notes ever reach the portal.
import type { Appointment, Note } from '../../lib/contract';
import type { Directory } from './data';
import { when } from './format';

/** "in about 2 weeks" for a follow-up in 14 days. */
export function followUpIn(days: number): string {
  if (days >= 60 && days % 30 === 0) return `in about ${days / 30} months`;
  if (days >= 14 && days % 7 === 0) return `in about ${days / 7} weeks`;
  if (days === 7) return 'in about a week';
  return days === 1 ? 'tomorrow' : `in about ${days} days`;
}

export function VisitSummary({ note, visit, directory }: { note: Note; visit: Appointment; directory: Directory }) {
  const doctor = directory.doctors.get(note.doctorId);
  const location = directory.locations.get(visit.locationId);
  const { assessment, plan } = note.soap;
  const followUp = plan.followUp;
  const headingId = `summary-${note.id}`;
  return (
    <section className="visit-summary" aria-labelledby={headingId}>
      <h5 id={headingId}>Visit summary</h5>
      <p className="muted">
        From {doctor?.displayName ?? 'your doctor'}, for your visit on {when(visit.startAt, location)}.
      </p>
      {assessment.text || assessment.diagnoses.length > 0 ? (
        <>
          <h6>What the doctor found</h6>
          {assessment.text ? <p className="note-text">{assessment.text}</p> : null}
          {assessment.diagnoses.length > 0 ? (
            <ul className="diagnoses">
              {assessment.diagnoses.map((d) => (
                <li key={d.code}>
                  {d.description} <small className="muted">(code {d.code})</small>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {plan.text ? (
        <>
          <h6>What to do next</h6>
          <p className="note-text">{plan.text}</p>
        </>
      ) : null}
      {followUp?.inDays || followUp?.notes ? (
        <>
          <h6>Follow-up</h6>
          <p className="note-text">
            {followUp.inDays ? `Please come back ${followUpIn(followUp.inDays)}. ` : ''}
            {followUp.notes ?? ''}
          </p>
        </>
      ) : null}
    </section>
  );
}
