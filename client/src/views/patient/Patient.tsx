// The patient portal (/patient), phone first: on the day, the ticket, place in the queue and
// "you're next" live; visits to confirm, move or cancel; booking from real free times; their
// record (allergies, problems, medicines, vitals, shared notes and documents: MyRecord.tsx);
// conversations with their doctors; their prescriptions (PDF, refills); their invoices (pay
// online, receipts); feedback on their visits (rate a visit, what they said, the doctor's reply);
// and how they want to be reminded. Offline, a banner says so and the controls
// that book or move a visit wait for the link (connection.ts).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Shell } from '../../components/Shell';
import { ErrorLine, Loading } from '../../components/ui';
import type { Appointment, Role, User } from '../../lib/contract';
import { day } from '../../lib/datetime';
import { useHubEvent } from '../../lib/socket';
import { useUser } from '../../lib/use-user';
import { Invoices } from '../billing/portal/Invoices';
import { useMyFeedback } from '../feedback/data';
import { MyFeedback, type VisitToRate } from '../feedback/MyFeedback';
import { RateVisit } from '../feedback/RateVisit';
import { Appointments } from './Appointments';
import { BookVisit } from './BookVisit';
import { OfflineContext, useBrowserOnline } from './connection';
import { type Directory, useAppointments, useDirectory, useSharedNotes } from './data';
import { homeLocation } from './format';
import { MyRecord } from './MyRecord';
import { Notices } from './Notices';
import { Preferences } from './Preferences';
import { Prescriptions } from './prescriptions/Prescriptions';
import { QueueStatus } from './QueueStatus';
import { Threads } from './Threads';
import { useHubFeed } from './use-hub-feed';
import './patient.css';

const ROLES: readonly Role[] = ['patient'];
/** Notifications that change what the prescriptions section shows. */
const PRESCRIPTION_NOTICES = new Set(['prescription_issued', 'refill_approved', 'refill_denied', 'prescription_ready']);
/** Notifications that change what the invoices section shows. */
const PAYMENT_NOTICES = new Set(['payment_received', 'payment_failed']);
/** How many completed visits without feedback "Your feedback" offers to rate (the newest). */
const TO_RATE = 3;

export default function Patient() {
  const user = useUser(ROLES);
  if (!user) return <Loading what="Opening your portal" />;
  return (
    <Shell user={user} title="Patient portal">
      <Portal user={user} />
    </Shell>
  );
}

function Portal({ user }: { user: User }) {
  const { socket, positions, notices, connected } = useHubFeed(true);
  const { directory, error: directoryError } = useDirectory();
  const { appointments, error, reload: reloadVisits } = useAppointments();
  const { notes, reload: reloadNotes } = useSharedNotes(user.patientId);
  const reload = useCallback(async () => {
    await Promise.all([reloadVisits(), reloadNotes()]);
  }, [reloadVisits, reloadNotes]);
  const browserOnline = useBrowserOnline();
  // The first connection (null) is not "offline": the page works over HTTP while the socket comes up.
  const offline = !browserOnline || connected === false;
  const [openThread, setOpenThread] = useState<string | null>(null);

  // The hub said something about a visit (a reminder, a move, a call): read the visits again.
  const latest = notices[0];
  // biome-ignore lint/correctness/useExhaustiveDependencies: one reload per new notification
  useEffect(() => {
    if (latest && latest.type !== 'message') void reload();
  }, [latest?.key]);
  // A place in the queue for a visit not shown as checked in yet: reception just checked them in.
  const positionIds = [...positions.keys()].join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per visit that joins the queue
  useEffect(() => {
    if (appointments && [...positions.keys()].some((id) => appointments.find((a) => a.id === id)?.status !== 'checked_in')) void reload();
  }, [positionIds]);
  useHubEvent(socket, 'connect', () => void reload());
  // Back online: read again what may have changed meanwhile (the socket's own reconnect does too).
  const wasOnline = useRef(browserOnline);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per return of the network
  useEffect(() => {
    if (browserOnline && !wasOnline.current) void reload();
    wasOnline.current = browserOnline;
  }, [browserOnline]);
  const messageNotices = notices.filter((n) => n.type === 'message').length;
  const prescriptionNotices = notices.filter((n) => PRESCRIPTION_NOTICES.has(n.type)).length;
  const paymentNotices = notices.filter((n) => PAYMENT_NOTICES.has(n.type)).length;
  // No notice names the record itself; any word about a visit (done, moved) may come with new entries.
  const recordNotices = notices.filter((n) => n.type !== 'message').length;
  // A visit just completed can be rated; a review just moderated or replied to reads differently.
  const myFeedback = useMyFeedback(recordNotices);
  // The pharmacy finished a fill: that prescription is ready for pickup, even if more fills remain.
  const readyIds = new Set(
    notices.flatMap((n) => (n.type === 'prescription_ready' && typeof n.data.prescriptionId === 'string' ? [n.data.prescriptionId] : [])),
  );

  function openConversation(threadId: string) {
    setOpenThread(threadId);
    document.getElementById('messages')?.scrollIntoView();
  }

  return (
    <OfflineContext.Provider value={offline}>
      <div className="patient" data-live={connected ? 'yes' : 'no'}>
        <h1>Hello, {user.firstName}</h1>
        <nav aria-label="Sections of the portal" className="jump">
          <a href="#visits">Visits</a>
          <a href="#book">Book</a>
          <a href="#record">My record</a>
          <a href="#prescriptions">Prescriptions</a>
          <a href="#invoices">Invoices</a>
          <a href="#messages">Messages</a>
          <a href="#feedback">Feedback</a>
          <a href="#settings">Reminders</a>
        </nav>
        {/* Always in the page, so a screen reader announces the sentence when it is written in. */}
        <div className="offline-banner" role="status" data-offline={offline ? 'yes' : 'no'}>
          {offline ? (
            <>
              <strong>Offline: no connection to the clinic.</strong> Booking and changing visits are paused. This page will update itself as
              soon as the connection is back.
            </>
          ) : null}
        </div>
        <ErrorLine error={directoryError} />
        {!directory || !appointments ? (
          error ? (
            <ErrorLine error={error} />
          ) : (
            <Loading what="Loading your visits" />
          )
        ) : (
          <>
            <QueueStatus appointments={appointments} positions={positions} notices={notices} directory={directory} />
            <Notices notices={notices} onOpenThread={openConversation} timeZone={homeLocation(directory, appointments)?.timezone} />
            <section aria-labelledby="visits">
              <ErrorLine error={error} />
              <Appointments
                appointments={appointments}
                directory={directory}
                socket={socket}
                reload={reload}
                notes={notes}
                rateOf={(a) => {
                  // Not before the feedback is read: a rated visit would offer "Rate this visit" for a moment.
                  const visit = a.status === 'completed' && myFeedback.feedback ? toRate(a, directory) : null;
                  return visit ? <RateVisit {...visit} rated={myFeedback.ratedIds.has(a.id)} onRated={myFeedback.rated} level={5} /> : null;
                }}
              />
            </section>
            <section aria-labelledby="book" className="card">
              <h2 id="book" tabIndex={-1}>
                Book a visit
              </h2>
              <BookVisit directory={directory} socket={socket} onBooked={reload} />
            </section>
            {user.patientId ? (
              <section aria-labelledby="record" className="card">
                <h2 id="record" tabIndex={-1}>
                  My record
                </h2>
                <MyRecord
                  patientId={user.patientId}
                  directory={directory}
                  appointments={appointments}
                  notes={notes}
                  refreshKey={recordNotices}
                />
              </section>
            ) : null}
            <section aria-labelledby="prescriptions" className="card">
              <h2 id="prescriptions" tabIndex={-1}>
                Prescriptions
              </h2>
              <Prescriptions patientId={user.patientId} directory={directory} refreshKey={prescriptionNotices} readyIds={readyIds} />
            </section>
            <section aria-labelledby="invoices" className="card">
              <h2 id="invoices" tabIndex={-1}>
                Invoices
              </h2>
              <Invoices locations={directory.locations} refreshKey={paymentNotices} />
            </section>
            <section aria-labelledby="messages" className="card">
              <h2 id="messages" tabIndex={-1}>
                Messages
              </h2>
              <Threads
                user={user}
                socket={socket}
                directory={directory}
                appointments={appointments}
                openId={openThread}
                onOpen={setOpenThread}
                refreshKey={messageNotices}
              />
            </section>
            <section aria-labelledby="feedback" className="card">
              <h2 id="feedback" tabIndex={-1}>
                Your feedback
              </h2>
              <MyFeedback
                state={myFeedback}
                toRate={appointments
                  .filter(
                    (a) =>
                      (a.status === 'completed' && myFeedback.feedback && !myFeedback.ratedIds.has(a.id)) || myFeedback.justRated.has(a.id),
                  )
                  .reverse()
                  .slice(0, TO_RATE)
                  .map((a) => toRate(a, directory))}
                zoneOf={(id) => {
                  const visit = appointments.find((a) => a.id === id);
                  return visit ? directory.locations.get(visit.locationId)?.timezone : undefined;
                }}
              />
            </section>
            <section aria-labelledby="settings" className="card">
              <h2 id="settings" tabIndex={-1}>
                Reminders
              </h2>
              {user.patientId ? (
                <Preferences patientId={user.patientId} clinicPhone={homeLocation(directory, appointments)?.phone} />
              ) : (
                <p className="muted">Your login is not linked to a patient record yet. Please ask the reception desk.</p>
              )}
            </section>
          </>
        )}
      </div>
    </OfflineContext.Provider>
  );
}

/** A completed visit as "Rate this visit" names it. */
function toRate(visit: Appointment, directory: Directory): VisitToRate {
  return {
    appointmentId: visit.id,
    doctorName: directory.doctors.get(visit.doctorId)?.displayName ?? 'your doctor',
    dayLabel: day(visit.startAt, directory.locations.get(visit.locationId)?.timezone),
  };
}
