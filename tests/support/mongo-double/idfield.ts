/**
 * The checks mongod makes on a stored `_id` value (storage_validation.cpp,
 * storageValidIdField): no array, no regex, and no `$`-prefixed field name
 * anywhere inside it (52 DollarPrefixedFieldName), even though 5.0+ accepts
 * `$`-prefixed names elsewhere in a document.
 */
import { CommandError, ErrorCodes } from './errors.js';
import { isPlainObject } from './values.js';

/** A `$`-prefixed field anywhere inside a value (DBRef's $ref/$id/$db excepted), as storageValidEmbedded finds it. */
function dollarField(v: unknown): string | undefined {
  if (Array.isArray(v)) {
    for (const el of v) {
      const found = dollarField(el);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(v)) return undefined;
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$') && k !== '$ref' && k !== '$id' && k !== '$db') return k;
    const found = dollarField(x);
    if (found) return found;
  }
  return undefined;
}

/** mongod's checks on a stored `_id` value (storage_validation.cpp: storageValidIdField). */
export function checkIdValue(id: unknown): void {
  if (Array.isArray(id)) throw new CommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type array");
  if (id instanceof RegExp) throw new CommandError(ErrorCodes.InvalidIdField, "The '_id' value cannot be of type regex");
  const field = dollarField(id);
  if (field) {
    throw new CommandError(
      ErrorCodes.DollarPrefixedFieldName,
      `_id fields may not contain '$'-prefixed fields: ${field} is not valid for storage.`,
    );
  }
}
