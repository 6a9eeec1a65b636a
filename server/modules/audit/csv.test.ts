// The audit export's cells: quoted where RFC 4180 needs it, and never a formula a spreadsheet runs.
import { describe, expect, it } from 'vitest';
import { auditCsv, csvCell } from './csv.js';

describe('csvCell', () => {
  it('prefixes an apostrophe to anything that could start a formula', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,"b"')).toBe(`"'=a,""b"""`);
  });

  it('writes numbers as they are, nothing for null, objects as JSON', () => {
    expect(csvCell(403)).toBe('403');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell([{ field: 'room', from: '1', to: '2' }])).toBe('"[{""field"":""room"",""from"":""1"",""to"":""2""}]"');
  });
});

describe('auditCsv', () => {
  it('starts with a header row and ends every row with CRLF', () => {
    const csv = auditCsv([{ at: '2026-01-01T00:00:00.000Z', action: 'PATCH /api/doctors/:id', statusCode: 200 }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^at,actorId,actorRole,action,outcome,statusCode,/);
    expect(lines[1]).toMatch(/^2026-01-01T00:00:00.000Z,,,PATCH \/api\/doctors\/:id,,200,/);
    expect(lines[2]).toBe('');
  });
});
