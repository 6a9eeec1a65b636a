// One case of the bad-input table (tests/integration/cross-cutting/bad-input.test.ts): a request
// that must be refused with this 4xx and stable code, and must write nothing. Shared so that a
// module's cases can live in a file of their own beside the table.
export interface BadInputCase {
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string | (() => string);
  /** The JSON body, or a function making it when the test runs (it may name objects made in beforeAll). */
  body?: unknown;
  raw?: { payload: string; contentType: string };
  /** Who sends it (an admin unless said): the caller who could otherwise succeed. */
  as?: 'admin' | 'doctor' | 'patient' | 'pharmacist' | 'none';
  status: number;
  code: string;
}
