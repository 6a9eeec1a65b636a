// Adding a document to the chart: its type, title, date, tags and whether the patient sees it,
// then the file (PDF, PNG, JPEG, DICOM or plain text; the hub checks the bytes, not the name).
// Attached to the visit in focus.
import { useRef, useState } from 'react';
import { Field } from '../../../components/ui';
import type { DocumentType } from '../../../lib/contract';
import { DOCUMENT_TYPES } from '../../record/Documents';
import { upload } from '../../record/record-api';
import { Folding } from './Folding';

interface Props {
  patientId: string;
  appointmentId: string;
  onUploaded: () => void;
}

const blank = () => ({ type: 'lab_report' as DocumentType, title: '', recordDate: '', tags: '', share: false });

export function UploadForm({ patientId, appointmentId, onUploaded }: Props) {
  const [f, setF] = useState(blank);
  const fileInput = useRef<HTMLInputElement>(null);

  const post = async () => {
    const file = fileInput.current?.files?.[0];
    if (!f.title.trim()) throw 'Please give the document a title.';
    if (!file) throw 'Please choose the file to upload.';
    const doc = await upload(
      patientId,
      {
        type: f.type,
        title: f.title.trim(),
        ...(f.recordDate ? { recordDate: f.recordDate } : {}),
        ...(f.tags.trim() ? { tags: f.tags } : {}),
        shareWithPatient: f.share ? 'true' : 'false',
        appointmentId,
      },
      file,
    );
    setF(blank());
    onUploaded();
    return `“${doc.title}” uploaded${doc.sharedWithPatient ? ' and shared with the patient' : ''}.`;
  };

  return (
    <Folding title="Upload a document" submit="Upload" busyLabel="Uploading…" post={post}>
      <Field label="Document type">
        <select value={f.type} onChange={(e) => setF({ ...f, type: e.target.value as DocumentType })}>
          {DOCUMENT_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Title">
        <input value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} maxLength={200} required />
      </Field>
      <Field label="Date of the record (optional)">
        <input type="date" value={f.recordDate} onChange={(e) => setF({ ...f, recordDate: e.target.value })} />
      </Field>
      <Field label="Tags (optional)" hint="Separated by commas, e.g. blood, lipids">
        <input value={f.tags} onChange={(e) => setF({ ...f, tags: e.target.value })} maxLength={450} />
      </Field>
      <Field label="File" hint="PDF, PNG, JPEG, DICOM or plain text">
        <input
          type="file"
          ref={fileInput}
          accept=".pdf,.png,.jpg,.jpeg,.dcm,.txt,application/pdf,image/png,image/jpeg,application/dicom,text/plain"
          required
        />
      </Field>
      <label className="check">
        <input type="checkbox" checked={f.share} onChange={(e) => setF({ ...f, share: e.target.checked })} /> Share this document with the
        patient
      </label>
    </Folding>
  );
}
