// Whether the person is using a touch screen (a coarse primary pointer): a phone's on-screen
// keyboard has an Enter key that people press for a new line, so there Enter must not send.
import { useEffect, useState } from 'react';

const COARSE = '(pointer: coarse)';

export function useCoarsePointer(): boolean {
  const [coarse, setCoarse] = useState(() => window.matchMedia(COARSE).matches);
  useEffect(() => {
    const query = window.matchMedia(COARSE);
    const changed = () => setCoarse(query.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return coarse;
}
