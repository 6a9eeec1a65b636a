// The hub's PDFs (prescriptions, invoices, receipts) and other files it answers (the audit log's
// CSV): their routes need the bearer token, so a plain link cannot fetch them. A file is fetched as
// a blob (refreshing an expired token once, as api() does) and handed to the browser as an object
// URL: downloaded under its name, or (a PDF) opened in a tab to print.
import { refreshSession } from './api';
import { ApiError, apiErrorFrom } from './errors';
import { session } from './session';

export type Paper = 'A4' | 'LETTER';

/** US Letter where the clinic measures in US units, A4 everywhere else. */
export const paperFor = (units: string | undefined): Paper => (units === 'us' ? 'LETTER' : 'A4');

/** A prescription's printout on `paper`. */
export const prescriptionPdf = (prescriptionId: string, paper: Paper) => `/api/prescriptions/${prescriptionId}/pdf?paper=${paper}`;

export async function fetchPdf(path: string): Promise<Blob> {
  const send = () => fetch(path, { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} });
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && session.refreshToken && (await refreshSession())) res = await send();
  } catch {
    throw new ApiError('NETWORK', 0);
  }
  if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => ({})));
  return res.blob();
}

/** Saves the PDF at `path` as "<name>.pdf" (e.g. "RX-2026-000001.pdf", "RCT-2026-000001.pdf"). */
export async function downloadPdf(path: string, name: string): Promise<void> {
  save(URL.createObjectURL(await fetchPdf(path)), `${name}.pdf`);
}

/** Saves any file the hub answers at `path` (a CSV export) as `fileName`. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  save(URL.createObjectURL(await fetchPdf(path)), fileName);
}

function save(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; the URL is released a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens the PDF in a new tab, where the browser's viewer prints it. The tab is opened at the click
 * (a window opened after an await is a pop-up the browser may block) and pointed at the PDF when it
 * arrives; if no tab could be opened, the PDF is downloaded instead.
 */
export async function openPdf(path: string, name: string): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const url = URL.createObjectURL(await fetchPdf(path));
    if (tab) tab.location.href = url;
    else save(url, `${name}.pdf`);
  } catch (err) {
    tab?.close();
    throw err;
  }
}
