// A new waiting-room screen's token, shown this once (the hub keeps only its digest), with a copy
// button (or the token selected to copy by hand where there is no clipboard) and how to pair it.
import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedScreen } from '../../lib/contract';

/** The new screen's token, shown this once, with a copy button and the way to pair the screen. */
export function TokenCard({ screen, locationName, onDone }: { screen: CreatedScreen; locationName: string; onDone: () => void }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const code = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => heading.current?.focus(), []);
  const page = `${location.origin}/display`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(screen.token);
      setCopied('Token copied.');
    } catch {
      // No clipboard here (an insecure address, or refused): the token is selected to copy by hand.
      const range = document.createRange();
      if (code.current) range.selectNodeContents(code.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopied('The token is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }

  return (
    <section className="card token-card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Screen “{screen.name}” added
      </h2>
      <p>
        <strong>Its token is shown only now.</strong> Copy it, or keep this page open until the screen is paired.
      </p>
      <code ref={code} className="token">
        {screen.token}
      </code>
      <div className="row">
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy token
        </button>
        <span className="ok" role="status">
          {copied}
        </span>
      </div>
      <h3>Pairing the screen</h3>
      <ol>
        <li>
          On the waiting-room screen, open <code className="address">{page}</code> in its browser.
        </li>
        <li>
          Paste or type the token into “Screen token” and choose “Connect this screen”. A scanner can type the set-up address instead:{' '}
          <code className="address">{`${page}?token=…`}</code> with the token in place of the dots.
        </li>
        <li>The screen shows the board of {locationName}, and this list shows it as online within a minute.</li>
      </ol>
      <div className="row">
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
