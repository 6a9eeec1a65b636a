// A patient's documents, newest first: a thumbnail where the hub made one (images), the title,
// type, date and size, and what the reader may do: open it (an image in a dialog, a PDF or text
// in a new tab), download it, and for the care team share it with the patient or archive it.
import './record.css';
import { useEffect, useState } from 'react';
import { Empty } from '../../components/ui';
import { api } from '../../lib/api';
import type { DocumentPatch, DocumentType, RecordDocument } from '../../lib/contract';
import { fullDate } from '../../lib/datetime';
import { Dialog } from '../doctor/Dialog';
import { contentPath, download, imageUrl, isImage, openInTab, viewable } from './record-api';

export const DOCUMENT_TYPES: { value: DocumentType; label: string }[] = [
  { value: 'lab_report', label: 'Lab report' },
  { value: 'xray', label: 'X-ray' },
  { value: 'mri', label: 'MRI' },
  { value: 'ct', label: 'CT' },
  { value: 'ultrasound', label: 'Ultrasound' },
  { value: 'ecg', label: 'ECG' },
  { value: 'prescription', label: 'Prescription' },
  { value: 'discharge_summary', label: 'Discharge summary' },
  { value: 'other', label: 'Other' },
];
const typeLabel = (t: DocumentType) => DOCUMENT_TYPES.find((d) => d.value === t)?.label ?? t;

export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Props {
  documents: readonly RecordDocument[];
  label: string;
  /** The care team's changes (share, archive); without it the list is read only (the patient). */
  onChanged?: () => void;
  onError: (err: unknown) => void;
}

export function DocumentList({ documents, label, onChanged, onError }: Props) {
  const [preview, setPreview] = useState<{ doc: RecordDocument; url: string } | null>(null);
  if (!documents.length) return <Empty>No documents yet.</Empty>;

  const open = async (doc: RecordDocument) => {
    try {
      if (isImage(doc)) setPreview({ doc, url: await imageUrl(contentPath(doc, true)) });
      else await openInTab(doc);
    } catch (err) {
      onError(err);
    }
  };
  const patch = (doc: RecordDocument, body: DocumentPatch) =>
    api('PATCH', `/api/documents/${doc.id}`, body).then(() => onChanged?.(), onError);

  return (
    <>
      <ul className="documents" aria-label={label}>
        {documents.map((d) => (
          <li key={d.id} className={d.archived ? 'archived' : undefined}>
            <Thumbnail doc={d} />
            <div className="doc-text">
              <strong>{d.title}</strong>
              <small className="muted">
                {' '}
                {typeLabel(d.type)} · {fullDate(d.recordDate ?? d.createdAt.slice(0, 10))} · {size(d.size)}
                {d.tags.length ? ` · ${d.tags.join(', ')}` : ''}
              </small>
              {onChanged && d.sharedWithPatient ? <span className="pill ok-pill">Shared with the patient</span> : null}
              {d.archived ? <span className="pill">Archived</span> : null}
              <div className="row doc-actions">
                {viewable(d) ? (
                  <button type="button" className="small" onClick={() => open(d)} aria-label={`Open ${d.title}`}>
                    Open
                  </button>
                ) : null}
                <button type="button" className="small" onClick={() => download(d).catch(onError)} aria-label={`Download ${d.title}`}>
                  Download
                </button>
                {onChanged ? (
                  <>
                    <button
                      type="button"
                      className="small"
                      aria-label={`${d.sharedWithPatient ? 'Stop sharing' : 'Share'} ${d.title} with the patient`}
                      onClick={() => patch(d, { shareWithPatient: !d.sharedWithPatient })}
                    >
                      {d.sharedWithPatient ? 'Stop sharing' : 'Share with patient'}
                    </button>
                    <button
                      type="button"
                      className="small"
                      aria-label={`${d.archived ? 'Restore' : 'Archive'} ${d.title}`}
                      onClick={() => patch(d, { archived: !d.archived })}
                    >
                      {d.archived ? 'Restore' : 'Archive'}
                    </button>
                  </>
                ) : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {preview ? (
        <Dialog
          title={preview.doc.title}
          onCancel={() => setPreview(null)}
          choices={[
            { label: 'Download', onChoose: () => download(preview.doc).catch(onError) },
            { label: 'Close', onChoose: () => setPreview(null), focus: true },
          ]}
        >
          <img className="doc-preview" src={preview.url} alt={`${preview.doc.title} (${typeLabel(preview.doc.type)})`} />
        </Dialog>
      ) : null}
    </>
  );
}

function Thumbnail({ doc }: { doc: RecordDocument }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!doc.hasThumbnail) return;
    let live = true;
    imageUrl(`/api/documents/${doc.id}/thumbnail`)
      .then((u) => live && setUrl(u))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [doc.id, doc.hasThumbnail]);
  const kind =
    doc.mimeType === 'application/pdf'
      ? 'PDF'
      : doc.mimeType === 'text/plain'
        ? 'TXT'
        : doc.mimeType === 'application/dicom'
          ? 'DICOM'
          : 'IMG';
  return url ? (
    <img className="thumb" src={url} alt="" />
  ) : (
    <span className="thumb file-kind" aria-hidden="true">
      {kind}
    </span>
  );
}
