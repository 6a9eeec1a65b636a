// The medical record over HTTP, as the doctor's chart, the nurse's triage and the patient's portal
// read it: the structured record, the vitals series for the plot, the documents and their bytes.
// A document's bytes need the bearer token, so they are fetched as a blob (lib/pdf.ts's fetchPdf
// works for any file): images become data: URLs (the hub's CSP allows data: images, not blob:),
// other files open from an object URL in a new tab or are saved.
import { api, refreshSession } from '../../lib/api';
import type { DocumentList, MedicalRecord, RecordDocument, UploadFields, VitalsSeries } from '../../lib/contract';
import { ApiError, apiErrorFrom } from '../../lib/errors';
import { fetchPdf } from '../../lib/pdf';
import { session } from '../../lib/session';

export const readRecord = (patientId: string) => api<MedicalRecord>('GET', `/api/patients/${patientId}/record`);

/** The vitals for the plot, oldest first (the server keeps the newest when it cuts). */
export const readVitals = (patientId: string) =>
  api<VitalsSeries>('GET', `/api/patients/${patientId}/vitals?limit=200`).then((s) => s.vitals);

export const readDocuments = (patientId: string) =>
  api<DocumentList>('GET', `/api/patients/${patientId}/documents`).then((d) => d.documents);

export const contentPath = (doc: Pick<RecordDocument, 'id'>, inline = false) =>
  `/api/documents/${doc.id}/content${inline ? '?inline=1' : ''}`;

/** Whether the browser shows this kind of file itself (in the dialog or a tab). */
export const isImage = (doc: Pick<RecordDocument, 'mimeType'>) => doc.mimeType === 'image/png' || doc.mimeType === 'image/jpeg';
export const viewable = (doc: Pick<RecordDocument, 'mimeType'>) =>
  isImage(doc) || doc.mimeType === 'application/pdf' || doc.mimeType === 'text/plain';

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** A document's thumbnail or (for an image) its full picture, as a data: URL an <img> may show. */
export async function imageUrl(path: string): Promise<string> {
  return dataUrl(await fetchPdf(path));
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/dicom': 'dcm',
  'text/plain': 'txt',
};

/** A file name from the title: letters, digits, dashes; the extension from the sniffed type. */
export function fileName(doc: Pick<RecordDocument, 'title' | 'mimeType'>): string {
  const base =
    doc.title
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'document';
  return `${base}.${EXTENSIONS[doc.mimeType] ?? 'bin'}`;
}

/** Saves the document's bytes under its file name. */
export async function download(doc: RecordDocument): Promise<void> {
  const url = URL.createObjectURL(await fetchPdf(contentPath(doc)));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(doc);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens a PDF or text file in a new tab (opened at the click: a tab opened after an await is a
 * pop-up the browser may block), pointed at the bytes when they arrive; saved when no tab opens.
 */
export async function openInTab(doc: RecordDocument): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const blob = await fetchPdf(contentPath(doc));
    const url = URL.createObjectURL(new Blob([blob], { type: doc.mimeType }));
    if (tab) tab.location.href = url;
    else await download(doc);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    tab?.close();
    throw err;
  }
}

/**
 * Uploads a file with its details as multipart/form-data, the fields before the file (the hub
 * reads them first and streams the file straight into storage). An expired token is refreshed once.
 */
export async function upload(patientId: string, fields: UploadFields, file: File): Promise<RecordDocument> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  form.append('file', file, file.name);
  const send = () =>
    fetch(`/api/patients/${patientId}/documents`, {
      method: 'POST',
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
      body: form,
    });
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && session.refreshToken && (await refreshSession())) res = await send();
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw apiErrorFrom(res.status, answer);
  return answer as RecordDocument;
}
