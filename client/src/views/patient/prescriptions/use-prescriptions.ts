// The patient's prescriptions (the hub never gives a patient a draft) and, per prescription, the
// latest refill request with its answer. Read again whenever the caller's key changes (a
// notification about a prescription or a refill arrived).
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../lib/api';
import type { Prescription, PrescriptionList, RefillRequest, RefillRequestList } from '../../../lib/contract';

export function usePrescriptions(patientId: string | null | undefined, refreshKey: number) {
  const [prescriptions, setPrescriptions] = useState<Prescription[] | null>(null);
  const [refills, setRefills] = useState<ReadonlyMap<string, RefillRequest>>(new Map());
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    if (!patientId) return;
    try {
      const [{ prescriptions: list }, { refillRequests }] = await Promise.all([
        api<PrescriptionList>('GET', `/api/prescriptions?patientId=${encodeURIComponent(patientId)}&limit=100`),
        api<RefillRequestList>('GET', '/api/refill-requests'),
      ]);
      const latest = new Map<string, RefillRequest>();
      for (const r of [...refillRequests].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) latest.set(r.prescriptionId, r);
      setPrescriptions(
        list.filter((p) => p.status !== 'draft').sort((a, b) => (b.signedAt ?? b.createdAt).localeCompare(a.signedAt ?? a.createdAt)),
      );
      setRefills(latest);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [patientId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is the reason to read again
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  return { prescriptions, refills, error, reload };
}
