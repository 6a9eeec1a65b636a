// The one list of error codes (server/errors.ts): each code is spelled once, as its own key; the
// web client has a sentence for every one; and no service writes a code as a string literal again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SENTENCES } from '../client/src/lib/errors.js';
import { ErrorCode } from './errors.js';

const codes = Object.keys(ErrorCode);
const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('error codes', () => {
  it('are each their own key', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });

  it('each have a sentence in the web client, and the client has none for a code the server lacks', () => {
    for (const code of codes) expect(SENTENCES[code as ErrorCode], code).toMatch(/^[A-Z].*\.$/);
    expect(Object.keys(SENTENCES).sort()).toEqual([...codes, 'NETWORK'].sort());
  });

  it('are written as ErrorCode.X in server/ and workers/, never as string literals', () => {
    const literal = new RegExp(`['"\`](${codes.join('|')})['"\`]`);
    const offenders = [...sources('server'), ...sources('workers')]
      // Tests may spell the codes they expect; this file's subject, errors.ts, defines them.
      .filter((file) => !file.endsWith(join('server', 'errors.ts')) && !file.endsWith('.test.ts'))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (literal.test(line) ? [`${file.slice(root.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
