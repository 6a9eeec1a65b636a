// The chart's small forms: an allergy (substance, reaction, severity), a problem (ICD-10 code,
// description, status, onset), a medicine taken elsewhere and an entry of surgical, family or
// social history. Each folds away under its own
// button, says in a status line what was added and reads its part of the chart again.
import { useState } from 'react';
import { Field } from '../../../components/ui';
import { api } from '../../../lib/api';
import type { AllergyInput, AllergySeverity, ChartPart, ConditionInput, HistoryInput, OutsideMedicationInput } from '../../../lib/contract';
import { SEVERITY } from '../../record/Lists';
import { Folding } from './Folding';

interface FormProps {
  patientId: string;
  onAdded: (part: ChartPart) => void;
}

const ICD10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/;

export function AllergyForm({ patientId, onAdded }: FormProps) {
  const [f, setF] = useState({ substance: '', reaction: '', severity: 'unknown' as AllergySeverity });
  const post = async () => {
    if (!f.substance.trim()) throw 'Please name the substance the patient is allergic to.';
    const body: AllergyInput = {
      substance: f.substance.trim(),
      severity: f.severity,
      ...(f.reaction.trim() ? { reaction: f.reaction.trim() } : {}),
    };
    await api('POST', `/api/patients/${patientId}/allergies`, body);
    onAdded('allergies');
    setF({ substance: '', reaction: '', severity: 'unknown' });
    return `Allergy to ${body.substance} added.`;
  };
  return (
    <Folding title="Add allergy" post={post}>
      <Field label="Substance">
        <input value={f.substance} onChange={(e) => setF({ ...f, substance: e.target.value })} maxLength={100} required />
      </Field>
      <Field label="Reaction">
        <input value={f.reaction} onChange={(e) => setF({ ...f, reaction: e.target.value })} maxLength={300} placeholder="Hives" />
      </Field>
      <Field label="Severity">
        <select value={f.severity} onChange={(e) => setF({ ...f, severity: e.target.value as AllergySeverity })}>
          {(['severe', 'moderate', 'mild', 'unknown'] as const).map((s) => (
            <option key={s} value={s}>
              {SEVERITY[s]}
            </option>
          ))}
        </select>
      </Field>
    </Folding>
  );
}

export function ConditionForm({ patientId, onAdded }: FormProps) {
  const [f, setF] = useState({ code: '', description: '', status: 'active' as ConditionInput['status'], onset: '' });
  const post = async () => {
    const code = f.code.trim().toUpperCase();
    if (code && !ICD10.test(code)) throw `“${f.code}” is not an ICD-10 code. Codes look like E11.9.`;
    if (!f.description.trim()) throw 'Please describe the problem.';
    const body: ConditionInput = {
      description: f.description.trim(),
      status: f.status,
      ...(code ? { code } : {}),
      ...(f.onset ? { onset: f.onset } : {}),
    };
    await api('POST', `/api/patients/${patientId}/conditions`, body);
    onAdded('conditions');
    setF({ code: '', description: '', status: 'active', onset: '' });
    return `Problem “${body.description}” added.`;
  };
  return (
    <Folding title="Add problem" post={post}>
      <Field label="ICD-10 code (optional)">
        <input value={f.code} onChange={(e) => setF({ ...f, code: e.target.value })} size={8} placeholder="E11.9" />
      </Field>
      <Field label="Problem">
        <input value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} maxLength={300} required />
      </Field>
      <Field label="Problem status">
        <select value={f.status} onChange={(e) => setF({ ...f, status: e.target.value as ConditionInput['status'] })}>
          <option value="active">Active</option>
          <option value="resolved">Resolved</option>
        </select>
      </Field>
      <Field label="Onset (optional)">
        <input type="date" value={f.onset} onChange={(e) => setF({ ...f, onset: e.target.value })} />
      </Field>
    </Folding>
  );
}

export function OutsideMedicationForm({ patientId, onAdded }: FormProps) {
  const [f, setF] = useState({ name: '', dose: '', frequency: '' });
  const post = async () => {
    if (!f.name.trim()) throw 'Please name the medicine.';
    const body: OutsideMedicationInput = {
      name: f.name.trim(),
      ...(f.dose.trim() ? { dose: f.dose.trim() } : {}),
      ...(f.frequency.trim() ? { frequency: f.frequency.trim() } : {}),
    };
    await api('POST', `/api/patients/${patientId}/medications`, body);
    onAdded('medications');
    setF({ name: '', dose: '', frequency: '' });
    return `${body.name} added to the current medicines.`;
  };
  return (
    <Folding title="Add medicine taken elsewhere" post={post}>
      <Field label="Medicine">
        <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} maxLength={200} required />
      </Field>
      <Field label="Dose">
        <input value={f.dose} onChange={(e) => setF({ ...f, dose: e.target.value })} maxLength={100} placeholder="10 mg" />
      </Field>
      <Field label="How often">
        <input value={f.frequency} onChange={(e) => setF({ ...f, frequency: e.target.value })} maxLength={100} placeholder="Once a day" />
      </Field>
    </Folding>
  );
}

const HISTORY_KINDS: { value: HistoryInput['kind']; label: string }[] = [
  { value: 'surgical', label: 'Surgical' },
  { value: 'family', label: 'Family' },
  { value: 'social', label: 'Social' },
];

export function HistoryForm({ patientId, onAdded }: FormProps) {
  const blank = { kind: 'surgical' as HistoryInput['kind'], description: '', relation: '', occurredOn: '' };
  const [f, setF] = useState(blank);
  const post = async () => {
    if (!f.description.trim()) throw 'Please describe the history entry.';
    const body: HistoryInput = {
      kind: f.kind,
      description: f.description.trim(),
      ...(f.kind === 'family' && f.relation.trim() ? { relation: f.relation.trim() } : {}),
      ...(f.kind === 'surgical' && f.occurredOn ? { occurredOn: f.occurredOn } : {}),
    };
    await api('POST', `/api/patients/${patientId}/history`, body);
    onAdded('history');
    setF(blank);
    return `${HISTORY_KINDS.find((k) => k.value === body.kind)?.label} history added.`;
  };
  return (
    <Folding title="Add history" post={post}>
      <Field label="Kind of history">
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as HistoryInput['kind'] })}>
          {HISTORY_KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="What">
        <input value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} maxLength={1000} required />
      </Field>
      {f.kind === 'family' ? (
        <Field label="Who (optional)">
          <input value={f.relation} onChange={(e) => setF({ ...f, relation: e.target.value })} maxLength={50} placeholder="Mother" />
        </Field>
      ) : null}
      {f.kind === 'surgical' ? (
        <Field label="When (optional)">
          <input type="date" value={f.occurredOn} onChange={(e) => setF({ ...f, occurredOn: e.target.value })} />
        </Field>
      ) : null}
    </Folding>
  );
}
