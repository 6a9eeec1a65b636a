// A <details> whose content is made only while it is open: a closed one then holds nothing a
// screen reader, a layout check or the browser's find could trip over, and a long history of
// notes or readings costs nothing until it is asked for.
import { type ReactNode, useState } from 'react';

export function Fold({ summary, children, className }: { summary: ReactNode; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className={className} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? children : null}
    </details>
  );
}
