// The doctor console (/doctor): the live queue, today's schedule, the patient in the room with
// their note, beside it prescribing and refill requests, and message threads with patients. One
// socket carries every live part.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Shell } from '../../components/Shell';
import { Loading } from '../../components/ui';
import type { User } from '../../lib/contract';
import { paperFor } from '../../lib/pdf';
import { useHub } from '../../lib/socket';
import { useUser } from '../../lib/use-user';
import './dialogs.css';
import './doctor.css';
import './schedule.css';
import type { NoteGuard } from './NoteEditor';
import { PatientPanel } from './PatientPanel';
import { Problem } from './Problem';
import { PrescribingPanel } from './prescribing/PrescribingPanel';
import { RefillRequests } from './prescribing/RefillRequests';
import { Queue } from './Queue';
import { Schedule } from './Schedule';
import { Threads } from './Threads';
import type { Focus } from './types';
import { UnsavedNoteDialog } from './UnsavedNoteDialog';
import { todayIn, useClinic } from './use-clinic';
import { useQueue } from './use-queue';
import { useThreads } from './use-threads';

const ROLES = ['doctor'] as const;
const LINK = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting… live updates are paused' };

export default function Doctor() {
  const user = useUser(ROLES);
  if (!user) return <Loading what="Opening the doctor console" />;
  if (!user.doctorId)
    return (
      <Shell user={user} title="Doctor console">
        <Problem error="This login is not linked to a doctor, so there is no queue to show. Please ask the clinic’s administrator." />
      </Shell>
    );
  return <Console user={user} doctorId={user.doctorId} />;
}

function Console({ user, doctorId }: { user: User; doctorId: string }) {
  const { socket, link } = useHub();
  const { clinic, error: clinicError } = useClinic(doctorId);
  const { queue, error: queueError } = useQueue(socket, doctorId);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [openThread, setOpenThread] = useState<string | null>(null);
  const [composeFocus, setComposeFocus] = useState(false);
  const [jump, setJump] = useState(false);
  const noteGuard = useRef<NoteGuard | null>(null);
  const [pendingSwitch, setPendingSwitch] = useState<{ to: Focus; jump: boolean } | null>(null);
  const threads = useThreads(socket, user.id, openThread);
  const serving = queue?.nowServing ?? null;

  /**
   * Opens another visit's record, but never over an unsaved note: the doctor is asked first (save
   * it as a draft version, discard it, or keep editing). Why ask rather than keep a local copy and
   * restore it later, as some EHRs do? A copy in the browser's storage is clinical text left on a
   * shared workstation after the doctor signs out, out of the audit's sight; a draft saved as a
   * version that is not final sits on the server with every other version, is audited, and follows
   * the doctor to any device. Leaving the page with unsaved text is asked by the browser
   * (beforeunload, in NoteEditor).
   */
  const openVisit = (to: Focus, withJump: boolean) => {
    if (to.appointmentId !== focus?.appointmentId && noteGuard.current?.dirty()) return setPendingSwitch({ to, jump: withJump });
    setFocus(to);
    if (withJump) setJump(true);
  };

  // The patient called in is the one the record and note are about.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a newly called patient moves the focus
  useEffect(() => {
    if (serving)
      openVisit(
        {
          appointmentId: serving.appointmentId,
          patientId: serving.patient.id,
          ticket: serving.ticket,
          label: `${serving.patient.name} (${serving.ticket})`,
        },
        false,
      );
  }, [serving?.appointmentId]);

  // A record opened from the queue or the schedule: keyboard users land on it.
  useEffect(() => {
    if (!jump) return;
    document.getElementById('patient-title')?.focus();
    setJump(false);
  }, [jump]);
  const openRecord = (f: Focus) => openVisit(f, true);

  useEffect(() => {
    if (!composeFocus || !openThread) return;
    const composer = document.getElementById(`compose-${openThread}`);
    if (composer) {
      composer.focus();
      setComposeFocus(false);
    }
  });

  const messagePatient = useCallback(
    async (patientId: string) => {
      setOpenThread(await threads.openWith(patientId));
      setComposeFocus(true);
    },
    [threads.openWith],
  );

  const timeZone = clinic?.timeZone ?? 'UTC';
  return (
    <Shell user={user} title="Doctor console">
      <div className="row between console-head">
        <h1>
          {clinic ? `${clinic.displayName} · Room ${clinic.room}` : 'Doctor console'}
          {clinic ? <span className="muted"> · {clinic.locationName}</span> : null}
        </h1>
        <span className={`pill link-${link}`} role="status">
          {LINK[link]}
        </span>
      </div>
      <Problem error={clinicError} />
      {!clinic && !clinicError ? <Loading what="Loading your clinic" /> : null}
      {clinic ? (
        <div className="console">
          <div className="stack">
            <Queue
              doctorId={doctorId}
              queue={queue}
              error={queueError}
              timeZone={timeZone}
              onOpen={(w) =>
                openRecord({ appointmentId: w.appointmentId, patientId: w.patientId, ticket: w.ticket, label: `${w.name} (${w.ticket})` })
              }
            />
            <Schedule
              doctorId={doctorId}
              socket={socket}
              date={todayIn(timeZone)}
              timeZone={timeZone}
              queueSeq={queue?.seq ?? -1}
              focusId={focus?.appointmentId ?? null}
              onOpen={(a, name) => openRecord({ appointmentId: a.id, patientId: a.patientId, ticket: a.ticket, label: name })}
            />
          </div>
          <PatientPanel
            socket={socket}
            focus={focus}
            timeZone={timeZone}
            units={clinic.units}
            clinicPhone={clinic.phone}
            guard={noteGuard}
            onMessage={messagePatient}
          />
          <div className="stack side">
            <PrescribingPanel focus={focus} timeZone={timeZone} paper={paperFor(clinic.units)} />
            <RefillRequests socket={socket} timeZone={timeZone} />
            <Threads
              socket={socket}
              me={user.id}
              timeZone={timeZone}
              threads={threads.threads}
              error={threads.error}
              openId={openThread}
              onOpen={setOpenThread}
              onRead={threads.markRead}
              onSent={threads.sent}
            />
          </div>
        </div>
      ) : null}
      {pendingSwitch && focus ? (
        <UnsavedNoteDialog
          from={focus.label}
          to={pendingSwitch.to.label}
          save={() => noteGuard.current?.saveDraft() ?? Promise.resolve(true)}
          onDone={(go) => {
            const { to, jump: withJump } = pendingSwitch;
            setPendingSwitch(null);
            if (go) {
              setFocus(to);
              if (withJump) setJump(true);
            } else document.querySelector<HTMLElement>('form.note textarea, #note-title')?.focus();
          }}
        />
      ) : null}
    </Shell>
  );
}
