// The live dispensing queue of the chosen location (use-pharmacy-queue.ts), oldest signed first,
// and what the pharmacist does with a prescription: dispense (DispenseDialog.tsx), put on hold
// with a reason, release, or close with a reason. The queue itself changes by the hub's push after
// each action, so nothing is read again here; a line in a live region says what was done.

import { useState } from 'react';
import { Empty, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { PharmacyQueue, QueuePrescription } from '../../lib/contract';
import { Problem } from '../doctor/Problem';
import { ReasonDialog } from '../doctor/prescribing/ReasonDialog';
import { DispenseDialog } from './DispenseDialog';
import { type QueueAction, QueueCard } from './QueueCard';

interface Props {
  queue: PharmacyQueue | null;
  error: unknown;
  locationId: string;
  timeZone: string | undefined;
  /** Stock changed here (a dispense): the stock page reads again. */
  onStockChanged: () => void;
}

/** What a dispense did, by the prescription's status after it. */
const AFTER_DISPENSE: Record<string, string> = {
  dispensed: 'complete, ready for pickup',
  partially_dispensed: 'partly dispensed, the rest stays in the queue',
  active: 'this fill complete, the next fill stays in the queue',
};

type Open = { action: 'dispense' | 'hold' | 'close'; p: QueuePrescription } | null;

export function QueueSection({ queue, error, locationId, timeZone, onStockChanged }: Props) {
  // The prescription as it was when its dialog opened: a push meanwhile does not reset the form.
  const [open, setOpen] = useState<Open>(null);
  const [said, setSaid] = useState('');
  const [problem, setProblem] = useState<unknown>(null);

  const act = (action: QueueAction, p: QueuePrescription) => {
    setSaid('');
    setProblem(null);
    if (action === 'release')
      api('POST', `/api/prescriptions/${p.prescriptionId}/release`, {}).then(() => setSaid(`${p.number} released from hold.`), setProblem);
    else setOpen({ action, p });
  };

  const withReason = (path: 'hold' | 'close', p: QueuePrescription) => async (reason: string) => {
    await api('POST', `/api/prescriptions/${p.prescriptionId}/${path}`, { reason });
    setOpen(null);
    setSaid(path === 'hold' ? `${p.number} is on hold.` : `${p.number} was closed.`);
  };

  return (
    <section aria-labelledby="queue-title" className="pharmacy-queue">
      <h2 id="queue-title">Waiting to be dispensed</h2>
      <p className="sr-only" role="status">
        {said}
      </p>
      {said ? (
        <p className="ok" aria-hidden="true">
          {said}
        </p>
      ) : null}
      <Problem error={problem ?? (queue ? null : error)} />
      {!queue && !error ? <Loading what="Loading the queue" /> : null}
      {queue?.truncated ? (
        <p className="warning" role="status">
          Showing the {queue.prescriptions.length} oldest of {queue.total} prescriptions waiting; dispense or close these to see the rest.
        </p>
      ) : null}
      {queue?.prescriptions.length === 0 ? <Empty>No prescriptions waiting. New ones appear here as doctors sign them.</Empty> : null}
      {queue?.prescriptions.length ? (
        <ul className="pharmacy-list" aria-label="Prescriptions waiting">
          {queue.prescriptions.map((p) => (
            <QueueCard key={p.prescriptionId} p={p} timeZone={timeZone} onAction={act} />
          ))}
        </ul>
      ) : null}
      {open?.action === 'dispense' ? (
        <DispenseDialog
          prescription={open.p}
          locationId={locationId}
          timeZone={timeZone}
          onCancel={() => setOpen(null)}
          onDone={(d) => {
            setOpen(null);
            setSaid(`${open.p.number} dispensed: ${AFTER_DISPENSE[d.prescriptionStatus] ?? d.prescriptionStatus.replace(/_/g, ' ')}.`);
            onStockChanged();
          }}
        />
      ) : null}
      {open?.action === 'hold' ? (
        <ReasonDialog
          title={`Put ${open.p.number} on hold`}
          reasonLabel="Why it is on hold (shown to the pharmacy team)"
          required
          confirm="Put on hold"
          onConfirm={withReason('hold', open.p)}
          onCancel={() => setOpen(null)}
        >
          <p>It stays in the queue, flagged, and cannot be dispensed until it is released.</p>
        </ReasonDialog>
      ) : null}
      {open?.action === 'close' ? (
        <ReasonDialog
          title={`Close ${open.p.number}`}
          reasonLabel="Why it is closed (recorded with the prescription)"
          required
          confirm="Close prescription"
          danger
          onConfirm={withReason('close', open.p)}
          onCancel={() => setOpen(null)}
        >
          <p>
            Closing cancels what is left of {open.p.number} for {open.p.patient.name}. It leaves the queue and cannot be dispensed again.
          </p>
        </ReasonDialog>
      ) : null}
    </section>
  );
}
