// On the day: the visit today, the ticket once checked in, the place in the queue and the wait,
// live from `queue:position`; "you're next" and "it's your turn" as alerts that interrupt.
// A call can be taken back (undo call): the hub then sends the visit's place in the queue again,
// and a place heard after the call (its notice, or the visit first seen as called) means the
// patient is waiting again, whatever the visit list still says until it is read again.
import { useState } from 'react';
import { clock } from '../../components/ui';
import type { Appointment } from '../../lib/contract';
import type { Directory } from './data';
import { dateIn, IN_CLINIC, ordinal, waitSentence } from './format';
import type { Notice, QueuePlace } from './types';

interface Props {
  appointments: Appointment[];
  positions: ReadonlyMap<string, QueuePlace>;
  notices: Notice[];
  directory: Directory;
}

const noticeFor = (notices: Notice[], type: string, a: Appointment) =>
  notices.find((n) => n.type === type && (n.data.appointmentId === a.id || (a.ticket !== null && n.data.ticket === a.ticket)));

export function todaysVisits(appointments: Appointment[], directory: Directory): Appointment[] {
  return appointments.filter((a) => {
    if (IN_CLINIC.includes(a.status)) return true;
    if (a.status !== 'scheduled' && a.status !== 'confirmed') return false;
    const tz = directory.locations.get(a.locationId)?.timezone;
    return dateIn(a.startAt, tz) === dateIn(Date.now(), tz) && Date.parse(a.endAt) > Date.now();
  });
}

export function QueueStatus({ appointments, positions, notices, directory }: Props) {
  const today = todaysVisits(appointments, directory);
  if (today.length === 0) return null;
  return (
    <>
      {today.map((a) => (
        <TodayVisit key={a.id} visit={a} position={positions.get(a.id)} notices={notices} directory={directory} />
      ))}
    </>
  );
}

function TodayVisit({
  visit,
  position,
  notices,
  directory,
}: {
  visit: Appointment;
  position?: QueuePlace;
  notices: Notice[];
  directory: Directory;
}) {
  const doctor = directory.doctors.get(visit.doctorId);
  const location = directory.locations.get(visit.locationId);
  const ticket = position?.ticket ?? visit.ticket;
  const called = noticeFor(notices, 'called', visit);
  const next = noticeFor(notices, 'you_are_next', visit);
  const calledSince = useCalledSince(visit.status === 'called');
  // The latest word on the call: the notice, or the moment this page first saw the visit called.
  const lastCall = Math.max(called?.receivedAt ?? 0, calledSince ?? 0);
  const callUndone = lastCall > 0 && position !== undefined && position.receivedAt > lastCall;
  const isCalled = !callUndone && (visit.status === 'called' || Boolean(called && visit.status === 'checked_in'));
  const room = (typeof called?.data.room === 'string' ? called.data.room : undefined) ?? doctor?.room;
  const waiting = (visit.status === 'checked_in' || (visit.status === 'called' && callUndone)) && !isCalled;

  return (
    <section className="card today" aria-labelledby={`today-${visit.id}`}>
      {isCalled ? (
        <div className="alert alert-turn" role="alert">
          <strong>It's your turn.</strong> Please go to room {room}
          {doctor ? ` (${doctor.displayName})` : ''}.
        </div>
      ) : waiting && next ? (
        <div className="alert alert-next" role="alert">
          <strong>You're next.</strong> Please stay close to the waiting area: you will be called shortly.
        </div>
      ) : null}
      <h2 id={`today-${visit.id}`}>
        Today at {clock(visit.startAt, location?.timezone)}
        {doctor ? ` with ${doctor.displayName}` : ''}
      </h2>
      {visit.status === 'scheduled' || visit.status === 'confirmed' ? (
        <p>
          Please check in at the reception desk{location ? ` of ${location.name}` : ''} when you arrive. Your place in the queue will show
          here.
        </p>
      ) : null}
      {ticket && IN_CLINIC.includes(visit.status) ? (
        <dl className="tiles">
          <div>
            <dt>Your ticket</dt>
            <dd className="ticket">{ticket}</dd>
          </div>
          {waiting ? (
            <div>
              <dt>Place in queue</dt>
              <dd>{position ? position.position : '…'}</dd>
            </div>
          ) : (
            <div>
              <dt>Room</dt>
              <dd>{room ?? '…'}</dd>
            </div>
          )}
        </dl>
      ) : null}
      {waiting ? (
        <p role="status" className="place">
          {position
            ? position.position === 1
              ? `You are next in line. ${waitSentence(position.etaMinutes, position.receivedAt, location)}`
              : `You are ${ordinal(position.position)} in line. ${waitSentence(position.etaMinutes, position.receivedAt, location)}`
            : 'You are checked in. Your place will show here as soon as the queue moves.'}
        </p>
      ) : null}
      {visit.status === 'in_progress' ? <p>You are with the doctor now.</p> : null}
    </section>
  );
}

/**
 * When this page first saw the visit as called (null while it is not): a place in the queue heard
 * after that moment means the call was taken back.
 */
function useCalledSince(isCalled: boolean): number | null {
  const [since, setSince] = useState<number | null>(null);
  if (isCalled && since === null) setSince(Date.now());
  if (!isCalled && since !== null) setSince(null);
  return since;
}
