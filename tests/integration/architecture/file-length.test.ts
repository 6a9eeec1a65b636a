// No source file over 350 lines without a sentence in its opening comment saying why (issue 11).
// A long file may be right, but it must say why: its opening comment (every comment before its
// first line of code: `//` and `/* */` in .ts, .tsx, .js, .mjs and .cjs, `/* */` in .css, `#` lines
// after the shebang in .sh) needs a sentence that begins "Long file:" and gives the reason in at
// least five words, e.g.
//   // Long file: one table of bad inputs per route; split up, the cases a reviewer compares scatter.
// The phrase counts only at the start of a comment line or of a sentence, so neither a quote nor an
// example like the one above exempts a file, and "Long file: TODO" is too short. Otherwise, split
// the file where it has a natural seam.
// Checked: every git-tracked file with one of those extensions (a new file once it is `git add`ed),
// its lines counted as `wc -l` does, except generated ones (db/migrations/, written by drizzle-kit).
// Not checked: docs (.md), JSON (package and lock files, tsconfigs, migration snapshots), SQL
// migrations, HTML. A pure scan of the files on disk: no database, Redis or server.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const MAX_LINES = 350;
const PHRASE = 'Long file:';
const MIN_REASON_WORDS = 5;

type Syntax = 'js' | 'css' | 'sh';
const SYNTAX: Record<string, Syntax> = {
  '.ts': 'js',
  '.tsx': 'js',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.css': 'css',
  '.sh': 'sh',
};
/** Generated, never edited by hand. */
const GENERATED = ['db/migrations/'];

/** Lines as `wc -l` counts them (a last line without a newline still counts). */
function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

/** The text of every comment before the first line of code, markers removed, line by line. */
function openingComment(text: string, syntax: Syntax): string {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let i = lines[0]?.startsWith('#!') ? 1 : 0;
  const texts: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (syntax === 'sh') {
      if (!line.startsWith('#')) break;
      texts.push(line.replace(/^#+/, ''));
    } else if (syntax === 'js' && /^\/\/\/\s*</.test(line)) {
      // A triple-slash directive (/// <reference … />): code for the compiler, not prose.
    } else if (syntax === 'js' && line.startsWith('//')) {
      texts.push(line.replace(/^\/\/+/, ''));
    } else if (line.startsWith('/*')) {
      // A block comment: up to the line that closes it (code after `*/` on that line ends the scan).
      const block: string[] = [];
      let end = i;
      while (end < lines.length && !lines[end]!.includes('*/')) end++;
      for (let j = i; j <= end && j < lines.length; j++) block.push(lines[j]!);
      const joined = block.join('\n');
      const close = joined.indexOf('*/');
      texts.push(
        (close >= 0 ? joined.slice(0, close) : joined)
          .replace(/^\s*\/\*+/, '')
          .split('\n')
          .map((l) => l.trim().replace(/^\*+/, ''))
          .join('\n'),
      );
      if (close >= 0 && joined.slice(close + 2).trim() !== '') break;
      i = end;
    } else {
      break;
    }
  }
  return texts
    .join('\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n');
}

/**
 * The reason given in the sentence that begins "Long file:", up to the end of that sentence, or
 * null without one of MIN_REASON_WORDS words. The phrase only counts at the start of a comment line
 * or of a sentence, so a quoted or an example phrase (as in this file's opening comment) does not.
 */
function longFileReason(comment: string): string | null {
  for (const match of comment.matchAll(new RegExp(`(?:^|\\n|[.!?]\\s+)${PHRASE}`, 'g'))) {
    const rest = comment.slice((match.index ?? 0) + match[0].length).replace(/\s+/g, ' ');
    const sentence = (/^(.*?)(?:[.!?](?:\s|$)|$)/.exec(rest)?.[1] ?? '').trim();
    if (sentence.split(/\s+/).filter(Boolean).length >= MIN_REASON_WORDS) return sentence;
  }
  return null;
}

interface Checked {
  path: string;
  lines: number;
  reason: string | null;
  /** The phrase is in the comment, but not as a sentence with a reason of MIN_REASON_WORDS words. */
  phraseOnly: boolean;
}

function checkedFiles(): Checked[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
  return tracked
    .filter((path) => SYNTAX[extname(path)] && !GENERATED.some((dir) => path.startsWith(dir)))
    .filter((path) => existsSync(join(root, path))) // deleted in the work tree, not yet in git
    .map((path) => {
      const text = readFileSync(join(root, path), 'utf8');
      const comment = openingComment(text, SYNTAX[extname(path)]!);
      const reason = longFileReason(comment);
      return { path, lines: lineCount(text), reason, phraseOnly: reason === null && comment.includes(PHRASE) };
    });
}

describe('file length', () => {
  it(`every source file over ${MAX_LINES} lines says why in its opening comment ("${PHRASE} …")`, () => {
    const files = checkedFiles();
    // The scan really ran: TypeScript, TSX, style sheets and shell scripts are all among the files.
    expect([...new Set(files.map((f) => extname(f.path)))]).toEqual(expect.arrayContaining(['.ts', '.tsx', '.css', '.sh']));
    const offenders = files
      .filter((f) => f.lines > MAX_LINES && f.reason === null)
      .sort((a, b) => b.lines - a.lines)
      .map(
        (f) =>
          `${String(f.lines).padStart(5)} lines  ${f.path}${f.phraseOnly ? `  ("${PHRASE}" found, but not as a sentence with a reason)` : ''}`,
      );
    expect(
      offenders,
      `Files over ${MAX_LINES} lines without "${PHRASE} <why it stays long>." in their opening comment ` +
        `(at least ${MIN_REASON_WORDS} words of reason); split them or add the sentence ` +
        '(the opening comment of tests/integration/architecture/file-length.test.ts says how)',
    ).toEqual([]);
  });
});

describe('file length: reading the opening comment', () => {
  const reason = (text: string, syntax: Syntax = 'js') => longFileReason(openingComment(text, syntax));

  it('counts lines as wc -l does', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb'), lineCount('a\n\nb\n')]).toEqual([0, 1, 1, 2, 3]);
  });

  it('reads // lines and /* */ blocks before the first line of code, and nothing after it', () => {
    const why = 'one table of bad inputs per route';
    expect(reason(`// What this is.\n// Long file: ${why}.\nimport x from 'y';\n`)).toBe(why);
    expect(reason(`/**\n * What this is.\n *\n * Long file: ${why}.\n */\nimport x from 'y';\n`)).toBe(why);
    expect(reason(`/// <reference lib="dom" />\n// Long file: ${why}.\n`)).toBe(why);
    expect(reason(`/* A sheet. */\n\n/* Long file: ${why}. */\n.a {}\n`, 'css')).toBe(why);
    expect(reason(`// What this is.\nimport x from 'y';\n// Long file: ${why}.\n`)).toBeNull();
    expect(reason(`/* What this is. */ const a = 1;\n// Long file: ${why}.\n`)).toBeNull();
    expect(reason(`.a {}\n/* Long file: ${why}. */\n`, 'css')).toBeNull();
    expect(reason(`// Long file: ${why}.\n.a {}\n`, 'css')).toBeNull(); // not a CSS comment
  });

  it("does not take this file's own example or quote for its reason", () => {
    expect(reason(readFileSync(import.meta.filename, 'utf8'))).toBeNull();
  });

  it('reads # lines after the shebang of a shell script', () => {
    const why = 'every step the suite needs, in the order it runs them';
    expect(reason(`#!/usr/bin/env bash\n# What this does.\n#\n#   Long file: ${why}.\nset -eu\n`, 'sh')).toBe(why);
    expect(reason(`#!/usr/bin/env bash\nset -eu\n# Long file: ${why}.\n`, 'sh')).toBeNull();
  });

  it('wants a reason of at least five words, up to the end of its sentence, across comment lines', () => {
    expect(reason('// Long file: TODO.\n')).toBeNull();
    expect(reason('// Long file: it is long. Here are many more words after it.\n')).toBeNull();
    expect(reason('// Long file:\n')).toBeNull();
    expect(reason('// The phrase "Long file: one two three four five" is only quoted here.\n')).toBeNull();
    expect(reason('// Long file: the cases of bad-input.test.ts\n// are compared side by side.\n')).toBe(
      'the cases of bad-input.test.ts are compared side by side',
    );
  });
});
