// Errors as sentences, including the codes of the doctor's own actions that the shared list
// (lib/errors.ts) does not know yet.
import { ApiError, sentenceFor } from '../../lib/errors';

const DOCTOR_SENTENCES: Record<string, string> = {
  QUEUE_EMPTY: 'Nobody is waiting right now, so there is no one to call.',
  DOCTOR_BUSY: 'A patient is still called or in the room. Complete that visit or mark a no-show first.',
  UNDO_TOO_LATE: 'A call can only be undone within a minute, and that minute has passed.',
  NO_SHOW_TOO_EARLY: 'It is too early to mark a no-show: the patient may still be on their way.',
  VERSION_CONFLICT:
    'This note was saved elsewhere meanwhile, so yours was not saved. Compare the two below, then load the newer one or save yours on top of it.',
  NOTE_EXISTS: 'This visit already has a note, written in another window or device. Open it there to add a version.',
  CONFLICT: 'This was changed in another window meanwhile. The latest version has been loaded; please check it and save again.',
  PATIENT_HAS_NO_LOGIN: 'This patient has no portal account, so they cannot receive messages.',
  CLIENT_MESSAGE_ID_REUSED: 'That message could not be sent. Please write it again.',
  TOO_MANY_EDITS: 'That message has been edited too many times.',
  MESSAGE_DELETED: 'That message was deleted.',
  TIMEOUT: 'The clinic system did not answer in time. Please try again.',
};

/** A sentence for any thrown value; a string is already one (the console's own checks). */
export function doctorSentence(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof ApiError && DOCTOR_SENTENCES[err.code]) return DOCTOR_SENTENCES[err.code] as string;
  return sentenceFor(err);
}

export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {doctorSentence(error)}
    </p>
  );
}
