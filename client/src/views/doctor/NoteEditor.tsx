// The SOAP note of the visit in focus: written once (POST), then every save is a new version
// (PUT); the versions are listed below. A note saved in another window meanwhile is reloaded.
import { type FormEvent, useEffect, useState } from 'react';
import { clock, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Note } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { NoteVersions } from './NoteVersions';
import { noteOfVisit } from './notes-index';
import { Problem } from './Problem';
import { type Draft, draftOf, emptyDraft, soapOf, VITALS } from './soap';
import type { Focus } from './types';

export function NoteEditor({ focus, timeZone }: { focus: Focus; timeZone: string }) {
  const [noteId, setNoteId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [revision, setRevision] = useState(0);

  const load = async (id: string) => {
    const note = await api<Note>('GET', `/api/notes/${id}`);
    setDraft(draftOf(note.soap, note.final, note.sharedWithPatient));
    return note;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new visit in focus starts over
  useEffect(() => {
    setNoteId(null);
    setDraft(emptyDraft());
    setProblem(null);
    setSaved('');
    setLoading(true);
    let live = true;
    noteOfVisit(focus.appointmentId)
      .then((note) => {
        if (!live || !note) return;
        setNoteId(note.id);
        setDraft(draftOf(note.soap, note.final, note.sharedWithPatient));
        setSaved(`Version ${note.version}, last saved at ${clock(note.updatedAt, timeZone)}.`);
      })
      .catch((err) => live && setProblem(err))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [focus.appointmentId]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  async function save(e: FormEvent) {
    e.preventDefault();
    const checked = soapOf(draft);
    if ('problem' in checked) return setProblem(checked.problem);
    const body = { ...checked.soap, final: draft.final, shareWithPatient: draft.share };
    setBusy(true);
    setProblem(null);
    setSaved('');
    try {
      const note = noteId
        ? await api<Note>('PUT', `/api/notes/${noteId}`, body)
        : await api<Note>('POST', `/api/appointments/${focus.appointmentId}/notes`, body);
      setNoteId(note.id);
      setSaved(`Version ${note.version} saved at ${clock(note.updatedAt, timeZone)}.`);
      setRevision((r) => r + 1);
    } catch (err) {
      setProblem(err);
      if (noteId && err instanceof ApiError && err.code === 'CONFLICT') await load(noteId).catch(() => undefined);
    } finally {
      setBusy(false);
    }
  }

  if (loading) return <Loading what="Loading the note" />;
  return (
    <form className="stack note" onSubmit={save} aria-labelledby="note-title">
      <h3 id="note-title">Visit note (SOAP)</h3>
      <Field label="Subjective">
        <textarea value={draft.subjective} onChange={(e) => set({ subjective: e.target.value })} maxLength={10_000} />
      </Field>
      <Field label="Objective">
        <textarea value={draft.objective} onChange={(e) => set({ objective: e.target.value })} maxLength={10_000} />
      </Field>
      <fieldset className="vitals">
        <legend>Vitals</legend>
        {VITALS.map((v) => (
          <Field key={v.key} label={v.label}>
            <input
              type="number"
              inputMode="decimal"
              min={v.min}
              max={v.max}
              step={v.step}
              value={draft.vitals[v.key] ?? ''}
              onChange={(e) => set({ vitals: { ...draft.vitals, [v.key]: e.target.value } })}
            />
          </Field>
        ))}
      </fieldset>
      <Field label="Assessment">
        <textarea value={draft.assessment} onChange={(e) => set({ assessment: e.target.value })} maxLength={10_000} />
      </Field>
      <fieldset className="diagnoses">
        <legend>Diagnoses (ICD-10)</legend>
        {draft.diagnoses.map((dx, i) => {
          const change = (patch: Partial<typeof dx>) =>
            set({ diagnoses: draft.diagnoses.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <div className="row dx" key={i}>
              <Field label={`Code ${i + 1}`}>
                <input value={dx.code} onChange={(e) => change({ code: e.target.value })} placeholder="J20.9" size={8} />
              </Field>
              <Field label={`Description ${i + 1}`}>
                <input value={dx.description} onChange={(e) => change({ description: e.target.value })} maxLength={300} />
              </Field>
              <button type="button" onClick={() => set({ diagnoses: draft.diagnoses.filter((_, j) => j !== i) })}>
                Remove diagnosis {i + 1}
              </button>
            </div>
          );
        })}
        <button type="button" onClick={() => set({ diagnoses: [...draft.diagnoses, { code: '', description: '' }] })}>
          Add diagnosis
        </button>
      </fieldset>
      <Field label="Plan">
        <textarea value={draft.plan} onChange={(e) => set({ plan: e.target.value })} maxLength={10_000} />
      </Field>
      <Field label="Follow-up in days">
        <input
          type="number"
          min={1}
          max={730}
          step={1}
          value={draft.followUpDays}
          onChange={(e) => set({ followUpDays: e.target.value })}
        />
      </Field>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={draft.final} onChange={(e) => set({ final: e.target.checked })} /> Final version
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.share} onChange={(e) => set({ share: e.target.checked })} /> Share with the patient
        </label>
      </div>
      <Problem error={problem} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : noteId ? 'Save new version' : 'Save note'}
        </button>
        <span className="ok" role="status">
          {saved}
        </span>
      </div>
      {noteId ? (
        <NoteVersions
          noteId={noteId}
          revision={revision}
          timeZone={timeZone}
          onUse={(v) => setDraft(draftOf(v.soap, v.final, draft.share))}
        />
      ) : null}
    </form>
  );
}
