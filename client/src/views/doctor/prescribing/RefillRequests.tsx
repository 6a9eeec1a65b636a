// Refill requests waiting for this doctor: who asks, for which prescription and medicines, their
// note; Approve (one more fill, with an optional note) or Deny (with a reason). Read again when
// the hub says a new one arrived (a `notification` of type refill_requested) and after a reconnect.
import { useCallback, useEffect, useState } from 'react';
import { Empty, Loading } from '../../../components/ui';
import { api } from '../../../lib/api';
import type { Prescription, RefillRequest, RefillRequestList } from '../../../lib/contract';
import { stamp } from '../../../lib/datetime';
import { type HubSocket, onEveryConnect, useHubEvent } from '../../../lib/socket';
import { Problem } from '../Problem';
import { ReasonDialog } from './ReasonDialog';

interface Pending extends RefillRequest {
  prescription: Prescription | null;
}

export function RefillRequests({ socket, timeZone }: { socket: HubSocket | null; timeZone: string }) {
  const [pending, setPending] = useState<Pending[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<{ request: Pending; approve: boolean } | null>(null);

  const reload = useCallback(async () => {
    try {
      const { refillRequests } = await api<RefillRequestList>('GET', '/api/refill-requests?status=pending');
      const withScripts = await Promise.all(
        refillRequests.map(async (r) => ({
          ...r,
          prescription: await api<Prescription>('GET', `/api/prescriptions/${r.prescriptionId}`).catch(() => null),
        })),
      );
      setPending(withScripts.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => (socket ? onEveryConnect(socket, () => void reload()) : undefined), [socket, reload]);
  useHubEvent(socket, 'notification', (n) => {
    if (n.type === 'refill_requested') void reload();
  });

  const decide = async (reason: string) => {
    if (!deciding) return;
    const { request, approve } = deciding;
    await api('POST', `/api/refill-requests/${request.id}/${approve ? 'approve' : 'deny'}`, reason ? { reason } : {});
    setDeciding(null);
    setPending((list) => list?.filter((r) => r.id !== request.id) ?? null);
  };

  return (
    <section className="card refills" aria-labelledby="refills-title">
      <h2 id="refills-title">Refill requests {pending?.length ? <span className="badge">{pending.length}</span> : null}</h2>
      <Problem error={error} />
      {!pending && !error ? <Loading what="Loading refill requests" /> : null}
      {pending?.length === 0 ? <Empty>No refill requests waiting.</Empty> : null}
      {pending?.length ? (
        <ul className="refill-list" aria-label="Waiting refill requests">
          {pending.map((r) => (
            <li key={r.id}>
              <p>
                <strong>{r.prescription?.patient.name ?? 'A patient'}</strong> asks to refill <strong>{r.prescriptionNumber}</strong>
                <span className="muted"> · {stamp(r.createdAt, timeZone)}</span>
              </p>
              {r.prescription ? <p className="muted">{r.prescription.items.map((i) => `${i.name} ${i.strength}`).join(', ')}</p> : null}
              <p>{r.note ? `“${r.note}”` : <span className="muted">No note.</span>}</p>
              <div className="row">
                <button type="button" className="primary small" onClick={() => setDeciding({ request: r, approve: true })}>
                  Approve refill of {r.prescriptionNumber}
                </button>
                <button type="button" className="small" onClick={() => setDeciding({ request: r, approve: false })}>
                  Deny refill of {r.prescriptionNumber}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {deciding ? (
        <ReasonDialog
          title={`${deciding.approve ? 'Approve' : 'Deny'} the refill of ${deciding.request.prescriptionNumber}?`}
          reasonLabel={deciding.approve ? 'Note to the patient (optional)' : 'Reason, sent to the patient'}
          required={!deciding.approve}
          confirm={deciding.approve ? 'Approve refill' : 'Deny refill'}
          danger={!deciding.approve}
          onConfirm={decide}
          onCancel={() => setDeciding(null)}
        >
          <p>{deciding.approve ? 'The pharmacy may hand out one more fill.' : 'The patient is told, with your reason.'}</p>
        </ReasonDialog>
      ) : null}
    </section>
  );
}
