// Free times as a list of buttons, for booking and for moving a visit.
import { clock, Empty, Loading } from '../../components/ui';
import type { Slot } from '../../lib/contract';
import { Problem } from './errors';

interface Props {
  label: string;
  slots: Slot[] | null;
  error: unknown;
  timeZone: string;
  verb: string;
  disabled?: boolean;
  busy: string | null;
  onPick: (slot: Slot) => void;
}

export function SlotList({ label, slots, error, timeZone, verb, disabled, busy, onPick }: Props) {
  if (error && !slots) return <Problem error={error} />;
  if (!slots) return <Loading what="Looking for free times" />;
  if (!slots.length) return <Empty>No free times on this day.</Empty>;
  return (
    <ul className="reception-slots" aria-label={label}>
      {slots.map((slot) => {
        const time = clock(slot.startAt, timeZone);
        return (
          <li key={slot.startAt}>
            <button type="button" aria-label={`${verb} ${time}`} disabled={disabled || busy !== null} onClick={() => onPick(slot)}>
              {busy === slot.startAt ? '…' : time}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
