// What a followed chart (rooms.chart, joined through chart:subscribe by the care team) hears:
// new vitals in full (the triage nurse's numbers appear on the doctor's screen as they are saved),
// and for every other part only its name, so that notes and documents, whose privacy differs from
// reader to reader, are read again over REST where each reader's access is checked.
import { rooms } from '../../realtime/rooms.js';
import type { HubServer } from '../../realtime/types.js';
import type { ChartPart, VitalsPayload } from '../live/events.js';

export function announceVitals(io: HubServer, vitals: VitalsPayload): void {
  io.to(rooms.chart(vitals.patientId)).emit('chart:vitals', { patientId: vitals.patientId, vitals });
}

export function announceChartChange(io: HubServer, patientId: string, part: ChartPart): void {
  io.to(rooms.chart(patientId)).emit('chart:changed', { patientId, part });
}
