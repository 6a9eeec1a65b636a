// The vitals as the record plots and tabulates them: measures grouped into plots (systolic and
// diastolic share one), each measure's label, colour and conversion in the location's units (the
// note editor's own table, doctor/soap.ts, so both say the same).
import type { VitalMeasure, VitalsPoint } from '../../lib/contract';
import { type Units, vitalFields } from '../doctor/soap';

export interface Measure {
  key: VitalMeasure;
  label: string;
  colour: string;
  show: (stored: number) => number;
}

export interface Group {
  id: string;
  title: string;
  unit: string;
  measures: Measure[];
}

/** Dark enough for 3:1 against white (WCAG 1.4.11), and told apart by dash as well as colour. */
const COLOURS: Record<VitalMeasure, string> = {
  systolic: '#b42318',
  diastolic: '#1d4ed8',
  heartRate: '#7a2e8e',
  temperatureC: '#b54708',
  spo2: '#0e7490',
  respiratoryRate: '#3f6212',
  weightKg: '#344054',
  heightCm: '#344054',
};

const LAYOUT: { id: string; title: string; keys: VitalMeasure[] }[] = [
  { id: 'bp', title: 'Blood pressure', keys: ['systolic', 'diastolic'] },
  { id: 'hr', title: 'Heart rate', keys: ['heartRate'] },
  { id: 'temp', title: 'Temperature', keys: ['temperatureC'] },
  { id: 'spo2', title: 'Oxygen saturation', keys: ['spo2'] },
  { id: 'rr', title: 'Breathing rate', keys: ['respiratoryRate'] },
  { id: 'weight', title: 'Weight', keys: ['weightKg'] },
  { id: 'height', title: 'Height', keys: ['heightCm'] },
];

/** "Temperature (°F)" → "°F". */
const unitOf = (label: string) => /\(([^)]+)\)$/.exec(label)?.[1] ?? '';

export function groups(units: Units): Group[] {
  const fields = new Map(vitalFields(units).map((f) => [f.key, f]));
  return LAYOUT.map((g) => {
    const measures = g.keys.map((key) => {
      const f = fields.get(key)!;
      return { key, label: f.label.replace(/ \([^)]+\)$/, ''), colour: COLOURS[key], show: f.fromStored };
    });
    return { id: g.id, title: g.title, unit: unitOf(fields.get(g.keys[0]!)!.label), measures };
  });
}

/** The groups that have at least one reading in `series`. */
export const groupsWithData = (series: readonly VitalsPoint[], units: Units) =>
  groups(units).filter((g) => series.some((v) => g.measures.some((m) => typeof v[m.key] === 'number')));

export const SOURCES: Record<VitalsPoint['source'], string> = { triage: 'Triage', note: 'Visit note', direct: 'Entered' };

/** One reading as text: "120/80 mmHg", "37.2 °C". */
export function reading(g: Group, v: VitalsPoint): string | null {
  const values = g.measures.map((m) => (typeof v[m.key] === 'number' ? String(m.show(v[m.key] as number)) : null));
  if (values.every((x) => x === null)) return null;
  return `${values.map((x) => x ?? '–').join('/')} ${g.unit}`.trim();
}
