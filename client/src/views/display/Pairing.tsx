// Setting up a screen, once: the display token an administrator created (POST /api/displays),
// typed or scanned from its QR code into the field (a set-up address with ?token= works too).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Field } from '../../components/ui';
import { tokenFromInput } from './storage';

export function Pairing({ message, checking, onToken }: { message: string | null; checking: boolean; onToken: (token: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  useEffect(() => {
    if (!checking) input.current?.focus();
  }, [checking]);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const token = tokenFromInput(value);
    if (token) onToken(token);
  }
  return (
    <main id="content" className="narrow d-pairing">
      <h1>Set up this waiting-room screen</h1>
      <p>
        Enter the screen token an administrator created for this clinic (it starts with <code>dsp_</code>), or scan its QR code into the
        field.
      </p>
      <form onSubmit={submit} className="stack">
        <Field label="Screen token">
          <input
            ref={input}
            name="token"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            required
          />
        </Field>
        {message ? (
          <p className="error" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={checking}>
          {checking ? 'Checking…' : 'Connect this screen'}
        </button>
      </form>
    </main>
  );
}
