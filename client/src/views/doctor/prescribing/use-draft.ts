// Saving and signing a draft. The first save creates it (POST on the visit), later saves replace
// it (PUT with the version it started from, so a save from another window is never overwritten).
// An allergy conflict (409 ALLERGY_CONFLICT, at saving or again at signing) is kept for the
// override dialog; once the doctor gives a reason, the same step runs again with it, and the
// reason goes with every later save of this draft.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../lib/api';
import type { Prescription } from '../../../lib/contract';
import { ApiError } from '../../../lib/errors';
import { bodyOf, type Draft, draftOf, emptyDraft, missing } from './draft';

export interface Conflict {
  itemIndex: number;
  medicationId: string;
  medication: string;
  allergy: string;
  matchedOn: 'generic' | 'class';
  term: string;
}

type Step = 'save' | 'sign';
type Warning = NonNullable<Prescription['warnings']>[number];

const fingerprint = (d: Draft) =>
  JSON.stringify({ ...d, items: d.items.map((i) => ({ ...i, key: null })), tests: d.tests.map((t) => ({ ...t, key: null })) });

export function useDraft(appointmentId: string, current: Prescription | null, onChanged: (p: Prescription) => void) {
  const [draft, setDraft] = useState<Draft>(() => (current ? draftOf(current) : emptyDraft()));
  const [baseline, setBaseline] = useState(() => fingerprint(draft));
  const [overrideReason, setOverrideReason] = useState<string | null>(current?.allergyOverrideReason ?? null);
  const [conflicts, setConflicts] = useState<{ list: Conflict[]; step: Step } | null>(null);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState('');
  /** The id of the draft this editor just created: it arrives as `current`, and is not another prescription. */
  const created = useRef<string | null>(null);

  // Another prescription opened in the editor (or a new one started): its own text, reason and warnings.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only another prescription starts over
  useEffect(() => {
    if (current && current.id === created.current) return;
    const loaded = current ? draftOf(current) : emptyDraft();
    setDraft(loaded);
    setBaseline(fingerprint(loaded));
    setOverrideReason(current?.allergyOverrideReason ?? null);
    setWarnings([]);
    setProblem(null);
    setSaid('');
  }, [current?.id]);

  const dirty = fingerprint(draft) !== baseline;

  /** Saves when there is something unsaved (or nothing saved yet); the saved prescription, or null when refused. */
  const save = useCallback(
    async (step: Step, reason = overrideReason): Promise<Prescription | null> => {
      if (current && !dirty && reason === current.allergyOverrideReason) return current;
      const gap = missing(draft);
      if (gap) {
        setProblem(gap);
        return null;
      }
      const body = bodyOf(draft, reason ?? undefined);
      try {
        const saved = current
          ? await api<Prescription>('PUT', `/api/prescriptions/${current.id}`, { ...body, baseVersion: current.version })
          : await api<Prescription>('POST', `/api/appointments/${appointmentId}/prescriptions`, body);
        created.current = saved.id;
        setBaseline(fingerprint(draft));
        setWarnings(saved.warnings ?? []);
        onChanged(saved);
        return saved;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'ALLERGY_CONFLICT') setConflicts({ list: conflictsOf(err), step });
        else if (current && err instanceof ApiError && (err.code === 'CONFLICT' || err.code === 'PRESCRIPTION_SIGNED')) {
          // Changed (or signed) in another window: show what the server holds now.
          onChanged(await api<Prescription>('GET', `/api/prescriptions/${current.id}`));
          setProblem(err);
        } else setProblem(err);
        return null;
      }
    },
    [appointmentId, current, draft, dirty, overrideReason, onChanged],
  );

  const run = async (step: Step, reason = overrideReason) => {
    setBusy(true);
    setProblem(null);
    setSaid('');
    try {
      const saved = await save(step, reason);
      if (!saved) return;
      if (step === 'save') return setSaid(`Draft ${saved.number} saved.`);
      try {
        // The version just saved and shown is the one signed; an edit from elsewhere meanwhile is a conflict.
        onChanged(await api<Prescription>('POST', `/api/prescriptions/${saved.id}/sign`, { baseVersion: saved.version }));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'ALLERGY_CONFLICT') setConflicts({ list: conflictsOf(err), step });
        else setProblem(err);
      }
    } finally {
      setBusy(false);
    }
  };

  /** The doctor's reason to prescribe despite the conflicts: the refused step again, with it. */
  const override = async (reason: string) => {
    const step = conflicts?.step ?? 'save';
    setOverrideReason(reason);
    setConflicts(null);
    await run(step, reason);
  };

  return {
    draft,
    setDraft,
    dirty,
    busy,
    problem,
    said,
    warnings,
    conflicts,
    overrideReason,
    saveDraft: () => run('save'),
    sign: () => run('sign'),
    override,
    dismissConflicts: () => setConflicts(null),
  };
}

function conflictsOf(err: ApiError): Conflict[] {
  const list = err.details.conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}
