// Triage vitals for one checked-in visit, typed in the location's units (°F and lb where it
// measures in US units) and sent in °C, kg and cm with the visit's id, so the hub files them as
// triage and the doctor's queue shows the patient triaged. Values the hub would refuse are told
// before sending; values outside the usual adult range are only pointed out (a fever is real).
import { type FormEvent, useId, useState } from 'react';
import { Field } from '../../components/ui';
import { api } from '../../lib/api';
import type { TriageVisit, VitalMeasure, VitalsInput, VitalsPoint } from '../../lib/contract';
import { Problem } from '../doctor/Problem';
import { type Units, vitalFields } from '../doctor/soap';

/** The usual resting adult range, in stored units (shown as a hint, never enforced). */
const USUAL: Partial<Record<VitalMeasure, [number, number]>> = {
  temperatureC: [36.1, 37.8],
  heartRate: [50, 100],
  systolic: [90, 140],
  diastolic: [60, 90],
  respiratoryRate: [12, 20],
  spo2: [95, 100],
};

interface Props {
  visit: TriageVisit;
  units: Units;
  onSaved: (vitals: VitalsPoint) => void;
  onCancel: () => void;
}

export function TriageForm({ visit, units, onSaved, onCancel }: Props) {
  const fields = vitalFields(units);
  const [values, setValues] = useState<Partial<Record<VitalMeasure, string>>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const id = useId();

  function measures(): VitalsInput | string {
    const body: VitalsInput = { appointmentId: visit.appointmentId };
    for (const f of fields) {
      const raw = values[f.key]?.trim();
      if (!raw) continue;
      const stored = f.toStored(Number(raw));
      if (!(stored >= f.min && stored <= f.max)) return `${f.label} must be a number from ${f.shownMin} to ${f.shownMax}.`;
      body[f.key] = stored;
    }
    if (fields.every((f) => body[f.key] === undefined)) return 'Please enter at least one measurement.';
    if (body.systolic !== undefined && body.diastolic !== undefined && body.diastolic >= body.systolic)
      return 'The diastolic pressure must be lower than the systolic.';
    return body;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = measures();
    if (typeof body === 'string') return setProblem(body);
    setBusy(true);
    setProblem(null);
    try {
      onSaved(await api<VitalsPoint>('POST', `/api/patients/${visit.patient.id}/vitals`, body));
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack triage-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        Triage vitals for {visit.patient.name}
        {visit.ticket ? ` (${visit.ticket})` : ''}
      </h3>
      <div className="vitals triage-fields">
        {fields.map((f) => {
          const usual = USUAL[f.key];
          const raw = values[f.key]?.trim();
          const stored = raw ? f.toStored(Number(raw)) : undefined;
          const unusual = usual && stored !== undefined && Number.isFinite(stored) && (stored < usual[0] || stored > usual[1]);
          const hint = usual
            ? `Usual ${f.fromStored(usual[0])}–${f.fromStored(usual[1])}${unusual ? ' · outside the usual range' : ''}`
            : undefined;
          return (
            <Field key={f.key} label={f.label} hint={hint}>
              <input
                type="number"
                inputMode="decimal"
                min={f.shownMin}
                max={f.shownMax}
                step={f.step}
                value={values[f.key] ?? ''}
                aria-invalid={unusual ? true : undefined}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              />
            </Field>
          );
        })}
      </div>
      <Problem error={problem} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record vitals'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
