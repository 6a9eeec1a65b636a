// The reception desk (/reception): the day of a doctor at a location, patients found or
// registered, bookings from live availability, check-in with a printable ticket, walk-ins,
// reschedule and cancel, a doctor's delay, the live waiting-room board, and billing: checkout of a
// completed visit (or of any of the chosen patient's invoices) and today's takings.
import { useRef, useState } from 'react';
import { Shell } from '../../components/Shell';
import { Empty, Loading } from '../../components/ui';
import type { Patient, Role } from '../../lib/contract';
import { useHub } from '../../lib/socket';
import { useUser } from '../../lib/use-user';
import { Checkout } from '../billing/Checkout';
import { PatientInvoices } from '../billing/PatientInvoices';
import { Takings } from '../billing/Takings';
import type { InvoiceTarget } from '../billing/use-invoice';
import { BoardPreview } from './BoardPreview';
import { BookingPanel } from './BookingPanel';
import { DayView } from './DayView';
import { DelayControl } from './DelayControl';
import { DeskPicker } from './DeskPicker';
import { isDate, todayIn } from './dates';
import { Problem } from './errors';
import { PatientSearch } from './PatientSearch';
import { TicketCard } from './TicketCard';
import { fullName, type TicketInfo } from './types';
import { useBoard } from './use-board';
import { useDoctors, useLocations } from './use-places';
import { WalkInForm } from './WalkInForm';
import './reception.css';

const ROLES: readonly Role[] = ['receptionist', 'admin'];

export default function Reception() {
  const user = useUser(ROLES);
  if (!user) return <Loading what="Opening the reception desk" />;
  return (
    <Shell user={user} title="Reception desk">
      <Desk />
    </Shell>
  );
}

/** What the address bar asked for (kept there so a reload shows the same desk). */
const asked = new URLSearchParams(window.location.search);

function remember(params: Record<string, string | null>) {
  const query = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v) query.set(k, v);
    else query.delete(k);
  }
  history.replaceState(null, '', `${window.location.pathname}?${query}`);
}

function Desk() {
  const { socket, link } = useHub();
  const locations = useLocations();
  const [chosenLocation, setChosenLocation] = useState<string | null>(asked.get('location'));
  const [chosenDoctor, setChosenDoctor] = useState<string | null>(asked.get('doctor'));
  const [chosenDate, setChosenDate] = useState<string | null>(isDate(asked.get('date')) ? asked.get('date') : null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [ticket, setTicket] = useState<TicketInfo | null>(null);
  const [notice, setNotice] = useState('');
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const [checkout, setCheckout] = useState<{ target: InvoiceTarget; who: string; opened: number } | null>(null);
  /** Grows whenever money moves at this desk: today's takings and the patient's invoices are read again. */
  const [moneyMoved, setMoneyMoved] = useState(0);
  /** The button that opened the checkout, focused again when it closes. */
  const checkoutOpener = useRef<HTMLElement | null>(null);

  const location = locations.data?.find((l) => l.id === chosenLocation) ?? locations.data?.[0] ?? null;
  const doctors = useDoctors(location?.id ?? null);
  const doctor = doctors.data?.find((d) => d.id === chosenDoctor) ?? doctors.data?.[0] ?? null;
  const today = location ? todayIn(location.timezone) : '';
  const date = chosenDate ?? today;
  const { board, error: boardError, live: boardLive } = useBoard(socket, location?.id ?? null);
  const delay = doctor && board ? (board.doctors.find((d) => d.doctorId === doctor.id)?.delayMinutes ?? 0) : null;

  function tell(message: string) {
    setNotice(message);
    // The control that was used may be gone (a booked time, a closed form): read the outcome.
    requestAnimationFrame(() => noticeLine.current?.focus());
  }

  function openCheckout(target: InvoiceTarget, who: string, button: HTMLElement) {
    checkoutOpener.current = button;
    // A new key: the panel opens afresh (heading focused) even when another was open.
    setCheckout((before) => ({ target, who, opened: (before?.opened ?? 0) + 1 }));
  }

  if (locations.error) return <Problem error={locations.error} />;
  if (!locations.data) return <Loading what="Loading the clinic" />;
  if (!location) return <Empty>There are no clinic locations yet. An administrator sets them up first.</Empty>;

  return (
    <div className="reception">
      <h1>Reception · {location.name}</h1>
      <DeskPicker
        locations={locations.data}
        doctors={doctors.data}
        locationId={location.id}
        doctorId={doctor?.id ?? null}
        date={date}
        today={today}
        online={link === 'live'}
        onLocation={(id) => {
          setChosenLocation(id);
          setChosenDoctor(null);
          remember({ location: id, doctor: null });
        }}
        onDoctor={(id) => {
          setChosenDoctor(id);
          remember({ doctor: id });
        }}
        onDate={(d) => {
          setChosenDate(d);
          remember({ date: d });
        }}
      />
      <p ref={noticeLine} className="ok reception-notice" role="status" tabIndex={-1}>
        {notice}
      </p>
      {ticket ? (
        <TicketCard
          key={`${ticket.ticket}-${ticket.at}`}
          ticket={ticket}
          clinicName={location.name}
          timeZone={location.timezone}
          onDone={() => {
            setTicket(null);
            noticeLine.current?.focus();
          }}
        />
      ) : null}
      {checkout ? (
        <Checkout
          key={checkout.opened}
          target={checkout.target}
          who={checkout.who}
          timeZone={location.timezone}
          onMoneyMoved={() => setMoneyMoved((n) => n + 1)}
          onClose={() => {
            setCheckout(null);
            const back = checkoutOpener.current;
            requestAnimationFrame(() => (back?.isConnected ? back : noticeLine.current)?.focus());
          }}
        />
      ) : null}
      <div className="reception-grid">
        <div className="stack">
          <PatientSearch patient={patient} onPatient={setPatient} onNotice={tell} clinicPhone={location?.phone} />
          {patient ? (
            <PatientInvoices
              patientId={patient.id}
              name={fullName(patient)}
              timeZone={location.timezone}
              refreshKey={moneyMoved}
              onCheckout={(invoice, button) => openCheckout({ invoiceId: invoice.id }, fullName(patient), button)}
            />
          ) : null}
          {doctor ? <WalkInForm doctor={doctor} patient={patient} onTicket={setTicket} /> : null}
        </div>
        <div className="stack">
          {doctors.error ? <Problem error={doctors.error} /> : null}
          {!doctors.data && !doctors.error ? <Loading what="Loading doctors" /> : null}
          {doctors.data && !doctor ? <Empty>No doctors work at this location yet.</Empty> : null}
          {doctor ? (
            <>
              <DayView
                socket={socket}
                doctor={doctor}
                location={location}
                date={date}
                today={today}
                onTicket={setTicket}
                onNotice={tell}
                onCheckout={(visitId, who, button) => openCheckout({ appointmentId: visitId }, who, button)}
              />
              <DelayControl doctor={doctor} current={delay} onNotice={tell} />
            </>
          ) : null}
        </div>
        <div className="stack">
          {doctor ? (
            <BookingPanel socket={socket} doctor={doctor} location={location} date={date} patient={patient} onBooked={tell} />
          ) : null}
          <Takings locationId={location.id} refreshKey={moneyMoved} />
          <BoardPreview board={board} error={boardError} live={boardLive} timeZone={location.timezone} />
        </div>
      </div>
    </div>
  );
}
