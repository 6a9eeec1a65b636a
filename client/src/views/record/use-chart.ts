// A patient's chart as one view holds it: the structured record, the vitals series and the
// documents, each read on its own (one failing part leaves the others on screen). With a socket
// (the care team) it follows the chart live: `chart:subscribe` when opened and after every
// reconnect the server did not recover, `chart:unsubscribe` when closed; `chart:changed` reads
// the part it names again over REST (new vitals too: the event carries no content, so access is
// checked where the content is read, at the moment it is read).
import { useCallback, useEffect, useState } from 'react';
import type { ChartPart, MedicalRecord, RecordDocument, VitalsPoint } from '../../lib/contract';
import { ask, type HubSocket, listen } from '../../lib/socket';
import { readDocuments, readRecord, readVitals } from './record-api';

type Part<T> = { data: T | null; error: unknown };
const empty = <T>(): Part<T> => ({ data: null, error: null });

export interface Chart {
  record: Part<MedicalRecord>;
  vitals: Part<VitalsPoint[]>;
  documents: Part<RecordDocument[]>;
  /** Grows whenever the notes changed: views listing notes read them again. */
  notesRevision: number;
  /** Whether `chart:subscribe` was accepted (null: not asked, or no socket). */
  following: boolean | null;
  reload: (part: ChartPart) => void;
}

export function useChart(socket: HubSocket | null, patientId: string, opts: { documents?: boolean } = {}): Chart {
  const withDocuments = opts.documents ?? true;
  const [record, setRecord] = useState<Part<MedicalRecord>>(empty);
  const [vitals, setVitals] = useState<Part<VitalsPoint[]>>(empty);
  const [documents, setDocuments] = useState<Part<RecordDocument[]>>(empty);
  const [notesRevision, setNotesRevision] = useState(0);
  const [following, setFollowing] = useState<boolean | null>(null);

  const reload = useCallback(
    (part: ChartPart) => {
      const keep =
        <T>(set: (p: Part<T>) => void) =>
        (read: Promise<T>) =>
          read.then(
            (data) => set({ data, error: null }),
            (error: unknown) => set({ data: null, error }),
          );
      if (part === 'notes') setNotesRevision((n) => n + 1);
      else if (part === 'documents') {
        if (withDocuments) void keep(setDocuments)(readDocuments(patientId));
      } else {
        void keep(setRecord)(readRecord(patientId));
        if (part === 'vitals') void keep(setVitals)(readVitals(patientId));
      }
    },
    [patientId, withDocuments],
  );

  useEffect(() => {
    setRecord(empty());
    setVitals(empty());
    setDocuments(empty());
    reload('vitals');
    reload('documents');
  }, [reload]);

  useEffect(() => {
    setFollowing(null);
    if (!socket) return;
    let stopped = false;
    const subscribe = () =>
      ask(socket, 'chart:subscribe', { patientId }).then(
        () => !stopped && setFollowing(true),
        () => !stopped && setFollowing(false),
      );
    const stops = [
      listen(socket, 'chart:changed', (e) => {
        if (e.patientId === patientId) reload(e.part);
      }),
      // A reconnect the server did not recover left the room and may have missed changes: read again.
      listen(socket, 'connect', () => {
        if (socket.recovered) return;
        void subscribe();
        for (const part of ['vitals', 'documents', 'notes'] as const) reload(part);
      }),
    ];
    if (socket.connected) void subscribe();
    return () => {
      stopped = true;
      for (const stop of stops) stop();
      if (socket.connected) ask(socket, 'chart:unsubscribe', { patientId }).catch(() => undefined);
    };
  }, [socket, patientId, reload]);

  return { record, vitals, documents, notesRevision, following, reload };
}
