// Documents archived from the chart (nothing is deleted: archiving takes a file out of the list and
// out of the patient's sight), read only when the doctor opens this fold, each one restorable.
import { useEffect, useState } from 'react';
import { Loading } from '../../../components/ui';
import { api } from '../../../lib/api';
import type { DocumentList as Documents, RecordDocument } from '../../../lib/contract';
import { DocumentList } from '../../record/Documents';
import { Fold } from '../../record/Fold';
import { Problem } from '../Problem';

interface Props {
  patientId: string;
  /** Changes whenever the current documents were read again (an archive or restore just happened). */
  revision: unknown;
  onChanged: () => void;
}

export function ArchivedDocuments(props: Props) {
  return (
    <Fold summary="Archived documents">
      <Archived {...props} />
    </Fold>
  );
}

function Archived({ patientId, revision, onChanged }: Props) {
  const [documents, setDocuments] = useState<RecordDocument[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision of the current list means this one changed too
  useEffect(() => {
    let live = true;
    api<Documents>('GET', `/api/patients/${patientId}/documents?archived=true`)
      .then((d) => live && setDocuments(d.documents))
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [patientId, revision]);
  return (
    <>
      <Problem error={error} />
      {documents ? (
        <DocumentList documents={documents} label="Archived documents" onChanged={onChanged} onError={setError} />
      ) : error ? null : (
        <Loading what="Loading archived documents" />
      )}
    </>
  );
}
