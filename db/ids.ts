// Ids are ULIDs: 26 characters of Crockford base32, unique and ordered by creation time.
import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

export function newId(): string {
  return ulid();
}

/** The shape every id in the public API has; used by request schemas to refuse bad ids early. */
export const ID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';
