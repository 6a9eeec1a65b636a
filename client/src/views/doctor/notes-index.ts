// Finding a visit's note, and a patient's notes by visit, through GET /api/notes (the notes this
// doctor wrote, latest versions).
import { api } from '../../lib/api';
import type { Note, NoteList } from '../../lib/contract';

export async function noteOfVisit(appointmentId: string): Promise<Note | null> {
  const { notes } = await api<NoteList>('GET', `/api/notes?appointmentId=${encodeURIComponent(appointmentId)}`);
  return notes[0] ?? null;
}

/** The patient's notes written by this doctor, by visit id. */
export async function notesByVisit(patientId: string): Promise<Map<string, Note>> {
  const { notes } = await api<NoteList>('GET', `/api/notes?patientId=${encodeURIComponent(patientId)}`);
  return new Map(notes.map((n) => [n.appointmentId, n]));
}
