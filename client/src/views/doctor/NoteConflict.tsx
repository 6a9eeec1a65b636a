// A save refused because the note was saved elsewhere meanwhile (409 VERSION_CONFLICT): the newer
// version and the doctor's unsaved text side by side, and the two ways on: load the newer one
// (the doctor's text is dropped, knowingly) or save the doctor's text on top of it (the newer
// one stays in the versions). The heading takes focus so the choice is announced and in reach.
import { useEffect, useRef } from 'react';
import { clock } from '../../components/ui';
import type { Note } from '../../lib/contract';
import { SoapText } from './NoteVersions';
import { type Draft, soapOf, type Units } from './soap';

interface Props {
  latest: Note;
  mine: Draft;
  units: Units;
  timeZone: string;
  busy: boolean;
  onLoad: () => void;
  onOverwrite: () => void;
}

export function NoteConflict({ latest, mine, units, timeZone, busy, onLoad, onOverwrite }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newer conflict is announced again
  useEffect(() => heading.current?.focus(), [latest.version]);
  const checked = soapOf(mine, units);
  return (
    <section className="conflict" aria-labelledby="conflict-title">
      <h4 id="conflict-title" tabIndex={-1} ref={heading}>
        Version {latest.version} was saved elsewhere at {clock(latest.updatedAt, timeZone)}
      </h4>
      <div className="conflict-sides">
        <section aria-labelledby="conflict-theirs">
          <h5 id="conflict-theirs">Saved version {latest.version}</h5>
          <SoapText soap={latest.soap} units={units} />
        </section>
        <section aria-labelledby="conflict-mine">
          <h5 id="conflict-mine">Your text (not saved)</h5>
          {'soap' in checked ? <SoapText soap={checked.soap} units={units} /> : <p>{checked.problem}</p>}
        </section>
      </div>
      <div className="row">
        <button type="button" disabled={busy} onClick={onLoad}>
          Load version {latest.version} (drop my changes)
        </button>
        <button type="button" className="primary" disabled={busy} onClick={onOverwrite}>
          Save my text as version {latest.version + 1}
        </button>
      </div>
    </section>
  );
}
