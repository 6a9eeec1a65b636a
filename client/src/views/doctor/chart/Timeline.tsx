// The patient's visits, newest first (the one in focus left out: its note is below), each with
// the note written at it when this doctor may read it (GET /api/notes?patientId= lists the care
// team's notes the reader's privacy level allows), folded so a long history stays scannable.
// Read again when the chart says its notes changed.
import { useEffect, useState } from 'react';
import { day, Empty, Loading } from '../../../components/ui';
import { api } from '../../../lib/api';
import type { Appointment, AppointmentList, Note } from '../../../lib/contract';
import { Fold } from '../../record/Fold';
import { statusLabel } from '../labels';
import { SoapText } from '../NoteVersions';
import { extrasOf } from '../note/more';
import { notesByVisit } from '../notes-index';
import { Problem } from '../Problem';
import type { Units } from '../soap';

interface Props {
  patientId: string;
  currentId: string;
  timeZone: string;
  units: Units;
  notesRevision: number;
}

const SHOWN = 10;

export function Timeline({ patientId, currentId, timeZone, units, notesRevision }: Props) {
  const [visits, setVisits] = useState<(Appointment & { note: Note | null })[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new notes revision means notes to read again
  useEffect(() => {
    let live = true;
    (async () => {
      const [{ appointments }, notes] = await Promise.all([
        api<AppointmentList>('GET', `/api/appointments?patientId=${patientId}&limit=100`),
        notesByVisit(patientId),
      ]);
      const list = appointments
        .filter((a) => a.id !== currentId && a.status !== 'cancelled')
        .reverse()
        .slice(0, SHOWN)
        .map((a) => ({ ...a, note: notes.get(a.id) ?? null }));
      if (live) setVisits(list);
    })().catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [patientId, currentId, notesRevision]);

  return (
    <section aria-labelledby="timeline-title" className="chart-part">
      <h3 id="timeline-title">Timeline of visits</h3>
      <Problem error={error} />
      {!visits && !error ? <Loading what="Loading the visits" /> : null}
      {visits && visits.length === 0 ? <Empty>No other visits.</Empty> : null}
      {visits?.length ? (
        <ol className="timeline">
          {visits.map((v) => {
            const complaint = v.note ? extrasOf(v.note).chiefComplaint : undefined;
            return (
              <li key={v.id}>
                <strong>{day(v.startAt, timeZone)}</strong> · {complaint ?? v.reason ?? 'No reason given'} · {statusLabel(v.status)}
                {v.note ? (
                  <Fold summary={`Note of ${day(v.startAt, timeZone)}`}>
                    <SoapText soap={v.note.soap} units={units} />
                  </Fold>
                ) : v.startAt < new Date().toISOString() ? (
                  <small className="muted"> No note you can read.</small>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
