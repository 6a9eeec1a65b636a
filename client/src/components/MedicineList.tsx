// A prescription's medicines as a patient or a pharmacist reads them: "Amoxicillin 500 mg: 1
// capsule, three times daily, for 7 days (21 in all), after meals".
import type { Prescription } from '../lib/contract';
import { howToTake } from '../lib/prescriptions';

export function MedicineList({ items, className }: { items: Prescription['items']; className?: string }) {
  return (
    <ul className={className}>
      {items.map((i) => (
        <li key={i.id}>
          <strong>
            {i.name} {i.strength}
          </strong>
          : {howToTake(i)}
          {i.instructions ? `, ${i.instructions}` : ''}
        </li>
      ))}
    </ul>
  );
}
