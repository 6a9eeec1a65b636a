// Asked before another visit's record replaces a note with unsaved changes (Doctor.tsx says why
// we ask rather than keep a copy in the browser). "Keep editing" is focused: the answer that
// changes nothing is the one a stray Enter gives.
import { useRef, useState } from 'react';
import { Dialog } from './Dialog';

interface Props {
  from: string;
  to: string;
  /** Saves the note as a draft version; false when it could not (the editor shows why). */
  save: () => Promise<boolean>;
  /** true: open the other record; false: stay with the note. */
  onDone: (go: boolean) => void;
}

export function UnsavedNoteDialog({ from, to, save, onDone }: Props) {
  const [saving, setSaving] = useState(false);
  const once = useRef(false);
  const saveDraft = async () => {
    if (once.current) return;
    once.current = true;
    setSaving(true);
    onDone(await save());
  };
  return (
    <Dialog
      title="The note has unsaved changes"
      onCancel={() => onDone(false)}
      choices={[
        { label: saving ? 'Saving the draft…' : 'Save draft', kind: 'primary', onChoose: saveDraft },
        { label: 'Discard', kind: 'danger', onChoose: () => !saving && onDone(true) },
        { label: 'Keep editing', focus: true, onChoose: () => !saving && onDone(false) },
      ]}
    >
      <p>
        The note of {from} has changes that are not saved. Before opening {to}: save them as a draft version (not final), discard them, or
        keep editing?
      </p>
    </Dialog>
  );
}
