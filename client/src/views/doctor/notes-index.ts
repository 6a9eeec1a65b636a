// Which note belongs to which visit. The contract has no way to look a note up by visit or
// patient (only POST /api/appointments/:id/notes and GET /api/notes/:id), so the console keeps
// the ids of the notes it wrote, in this browser. Notes written elsewhere are not found here.
const KEY = 'clinic-hub.doctor.notes';

function read(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

export function noteIdFor(appointmentId: string): string | null {
  return read()[appointmentId] ?? null;
}

export function rememberNote(appointmentId: string, noteId: string): void {
  localStorage.setItem(KEY, JSON.stringify({ ...read(), [appointmentId]: noteId }));
}
