// The SOAP note of the visit in focus: written once (POST), then every save is a new version
// (PUT) on top of the version the editor started from (baseVersion). When another window saved
// meanwhile, the server refuses (VERSION_CONFLICT) and the newer version is shown beside the
// doctor's text, to load it or to save over it on purpose: nothing is lost either way. Vitals
// are shown and typed in the location's units and sent in °C, kg and cm.
import { type FormEvent, type MutableRefObject, useEffect, useState } from 'react';
import { clock, Field, Loading } from '../../components/ui';
import { api } from '../../lib/api';
import type { Note } from '../../lib/contract';
import { ApiError } from '../../lib/errors';
import { NoteConflict } from './NoteConflict';
import { NoteVersions } from './NoteVersions';
import { extrasFrom, extrasOf, keepPrivacy, type MoreDraft } from './note/more';
import { Examination, Onward, Presenting } from './note/NoteParts';
import { PrivacyPicker } from './note/PrivacyPicker';
import { noteOfVisit } from './notes-index';
import { Problem } from './Problem';
import { type Draft, draftOf, emptyDraft, soapOf, type Units, vitalFields } from './soap';
import type { Focus } from './types';

/** What the console asks the editor before it opens another patient (see Doctor.tsx). */
export interface NoteGuard {
  dirty: () => boolean;
  /** Saves the text as a version that is not final; false (and the reason shown) when it could not. */
  saveDraft: () => Promise<boolean>;
}

interface Props {
  focus: Focus;
  timeZone: string;
  units: Units;
  guard: MutableRefObject<NoteGuard | null>;
}

/** The draft as compared for "unsaved changes" (what was loaded does not count). */
const fingerprint = (d: Draft) => JSON.stringify({ ...d, loaded: null });

export function NoteEditor({ focus, timeZone, units, guard }: Props) {
  const [noteId, setNoteId] = useState<string | null>(null);
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [baseline, setBaseline] = useState(() => fingerprint(emptyDraft()));
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [revision, setRevision] = useState(0);
  const [conflict, setConflict] = useState<Note | null>(null);
  const dirty = fingerprint(draft) !== baseline;

  const adopt = (note: Note) => {
    const loaded = draftOf(note.soap, note.final, note.sharedWithPatient, units, extrasOf(note));
    setNoteId(note.id);
    setBaseVersion(note.version);
    setDraft(loaded);
    setBaseline(fingerprint(loaded));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new visit in focus starts over
  useEffect(() => {
    setNoteId(null);
    setBaseVersion(null);
    setDraft(emptyDraft());
    setBaseline(fingerprint(emptyDraft()));
    setProblem(null);
    setConflict(null);
    setSaved('');
    setLoading(true);
    let live = true;
    noteOfVisit(focus.appointmentId)
      .then((note) => {
        if (!live || !note) return;
        adopt(note);
        setSaved(`Version ${note.version}, last saved at ${clock(note.updatedAt, timeZone)}.`);
      })
      .catch((err) => live && setProblem(err))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [focus.appointmentId]);

  // Leaving the page (reload, closing the tab, another address) with unsaved text: the browser asks.
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [dirty]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setMore = (patch: Partial<MoreDraft>) => setDraft((d) => ({ ...d, more: { ...d.more, ...patch } }));

  /** Saves the draft as a new version on `base` of note `id` (none yet: the first); true when stored. */
  async function submit(final: boolean, base = baseVersion, id = noteId): Promise<boolean> {
    const checked = soapOf(draft, units);
    const more = extrasFrom(draft.more);
    if ('problem' in checked || 'problem' in more) {
      setProblem('problem' in checked ? checked.problem : 'problem' in more ? more.problem : null);
      return false;
    }
    const body = { ...checked.soap, ...more.extras, final, shareWithPatient: draft.share };
    setBusy(true);
    setProblem(null);
    setSaved('');
    try {
      const note =
        id && base !== null
          ? await api<Note>('PUT', `/api/notes/${id}`, { ...body, baseVersion: base })
          : await api<Note>('POST', `/api/appointments/${focus.appointmentId}/notes`, body);
      setNoteId(note.id);
      setBaseVersion(note.version);
      const stored = { ...draft, final, more: { ...draft.more, loadedPrivacy: draft.more.privacy } };
      setDraft(stored);
      setBaseline(fingerprint(stored));
      setConflict(null);
      setSaved(`Version ${note.version} saved at ${clock(note.updatedAt, timeZone)}.`);
      setRevision((r) => r + 1);
      return true;
    } catch (err) {
      setProblem(err);
      const latest = await newerNote(err);
      if (latest) {
        setConflict(latest);
        setRevision((r) => r + 1);
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  /**
   * The note that won, after a refused save: the newer version of a VERSION_CONFLICT, or, when
   * another window wrote this visit's first note meanwhile (NOTE_EXISTS), that note.
   */
  async function newerNote(err: unknown): Promise<Note | undefined> {
    if (!(err instanceof ApiError)) return undefined;
    if (err.code === 'VERSION_CONFLICT') return err.details.latest as Note | undefined;
    if (err.code !== 'NOTE_EXISTS') return undefined;
    const existing = await noteOfVisit(focus.appointmentId).catch(() => null);
    if (!existing) return undefined;
    setProblem(new ApiError('VERSION_CONFLICT', 409));
    return existing;
  }

  useEffect(() => {
    guard.current = { dirty: () => dirty, saveDraft: () => submit(false) };
  });
  useEffect(
    () => () => {
      guard.current = null;
    },
    [guard],
  );

  function save(e: FormEvent) {
    e.preventDefault();
    void submit(draft.final);
  }

  if (loading) return <Loading what="Loading the note" />;
  return (
    <form className="stack note" onSubmit={save} aria-labelledby="note-title">
      <h3 id="note-title">Visit note (SOAP)</h3>
      <Presenting more={draft.more} set={setMore} />
      <Field label="Subjective">
        <textarea value={draft.subjective} onChange={(e) => set({ subjective: e.target.value })} maxLength={10_000} />
      </Field>
      <Field label="Objective">
        <textarea value={draft.objective} onChange={(e) => set({ objective: e.target.value })} maxLength={10_000} />
      </Field>
      <fieldset className="vitals">
        <legend>Vitals</legend>
        {vitalFields(units).map((v) => (
          <Field key={v.key} label={v.label}>
            <input
              type="number"
              inputMode="decimal"
              min={v.shownMin}
              max={v.shownMax}
              step={v.step}
              value={draft.vitals[v.key] ?? ''}
              onChange={(e) => set({ vitals: { ...draft.vitals, [v.key]: e.target.value } })}
            />
          </Field>
        ))}
      </fieldset>
      <Examination more={draft.more} set={setMore} />
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
      <Onward more={draft.more} set={setMore} />
      <PrivacyPicker more={draft.more} set={setMore} />
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={draft.final} onChange={(e) => set({ final: e.target.checked })} /> Final version
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.share} onChange={(e) => set({ share: e.target.checked })} /> Share with the patient
        </label>
      </div>
      <Problem error={problem} />
      {conflict ? (
        <NoteConflict
          latest={conflict}
          mine={draft}
          units={units}
          timeZone={timeZone}
          busy={busy}
          onLoad={() => {
            adopt(conflict);
            setConflict(null);
            setProblem(null);
            setSaved(`Version ${conflict.version} loaded.`);
          }}
          onOverwrite={() => submit(draft.final, conflict.version, conflict.id)}
        />
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : noteId ? 'Save new version' : 'Save note'}
        </button>
        <span className="ok" role="status">
          {saved}
        </span>
        {dirty && !busy ? <span className="muted">Unsaved changes</span> : null}
      </div>
      {noteId ? (
        <NoteVersions
          noteId={noteId}
          revision={revision}
          timeZone={timeZone}
          units={units}
          onUse={(v) => {
            const copied = draftOf(v.soap, v.final, draft.share, units, extrasOf(v));
            setDraft({ ...copied, more: keepPrivacy(copied.more, draft.more) });
          }}
        />
      ) : null}
    </form>
  );
}
