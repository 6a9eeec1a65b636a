// The error line of a billing form or panel: a sentence, announced when it appears.
import { explain } from './words';

export function Problem({ error, currency, id }: { error: unknown; currency?: string; id?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id}>
      {explain(error, currency)}
    </p>
  );
}
