// Ids are ULIDs: 26 characters of Crockford base32, unique and ordered by creation time.
import { monotonicFactory, ulid as ulidAt } from 'ulid';

const ulid = monotonicFactory();

export function newId(): string {
  return ulid();
}

/** The shape every id in the public API has; used by request schemas to refuse bad ids early. */
export const ID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';

/**
 * An id whose time part is `time` rather than now (random part as usual): for records whose
 * creation moment must not be read from their id (anonymous feedback carries its visit's day).
 */
export function idAt(time: number): string {
  return ulidAt(time);
}
