// Text must be well-formed Unicode. JSON can spell a lone UTF-16 surrogate ("\ud800"), which is no
// character: stored, it becomes U+FFFD or breaks whatever encodes it next (MongoDB's BSON, an email,
// an SMS gateway). Request bodies (plugins/validation.ts) and socket payloads (realtime/handler.ts)
// holding one anywhere, in a key or a value, are refused rather than silently repaired.

declare global {
  interface String {
    /** ES2024 (Node 20): false when the string holds a lone surrogate. */
    isWellFormed(): boolean;
  }
}

/** Whether every string in a parsed JSON value, keys included, is well-formed. Iterative: nesting depth costs no stack. */
export function wellFormedDeep(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (!item.isWellFormed()) return false;
    } else if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        if (!key.isWellFormed()) return false;
        pending.push(element);
      }
    }
  }
  return true;
}

/** A quick look at raw JSON text: only a \uD800–\uDFFF escape can put a surrogate in it (UTF-8 cannot). */
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export const NOT_WELL_FORMED = 'Text must be well-formed Unicode: a lone surrogate (\\ud800-\\udfff) is not a character';
