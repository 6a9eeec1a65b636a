// The bad-input table's cases for the inbox (issue 19): a malformed page, filter or id is a 400
// with a stable code; an id that is nobody's item (for the caller) is 404, never a 500.
import type { BadInputCase } from '../../support/bad-input.js';

const UNKNOWN_ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

export function inboxCases(): BadInputCase[] {
  const bad = (name: string, method: 'GET' | 'POST', url: string, status = 400, code = 'VALIDATION_FAILED'): BadInputCase => ({
    name: `inbox: ${name}`,
    method,
    url,
    as: 'patient',
    status,
    code,
  });
  return [
    bad('a page of no items', 'GET', '/api/inbox?limit=0'),
    bad('a page of 101 items', 'GET', '/api/inbox?limit=101'),
    bad('a page size that is not a number', 'GET', '/api/inbox?limit=ten'),
    bad('an unread filter that is not true or false', 'GET', '/api/inbox?unread=maybe'),
    bad('a before that is not an id', 'GET', '/api/inbox?before=yesterday'),
    bad('an operator for before', 'GET', '/api/inbox?before[$gt]=0'),
    bad('someone else’s user id as a filter', 'GET', `/api/inbox?userId=${UNKNOWN_ID}`),
    bad('marking an id that is not an id', 'POST', '/api/inbox/not-an-id/read'),
    bad('marking an item that does not exist', 'POST', `/api/inbox/${UNKNOWN_ID}/read`, 404, 'NOT_FOUND'),
  ];
}
