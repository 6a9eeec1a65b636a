// The "which of my locations" picker of staff tied to locations (the pharmacy, the nurse's triage).
export function LocationPicker({
  id,
  locations,
  value,
  onChange,
}: {
  id: string;
  locations: readonly { id: string; name: string }[];
  value: string;
  onChange: (locationId: string) => void;
}) {
  return (
    <div className="field location-pick">
      <label htmlFor={id}>Location</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
