// The layering rules in biome.json really bite: db/ may not import server/ (noRestrictedImports in
// the db/** override) and no two modules may import each other (noImportCycles). Each check writes
// throw-away probe files with unique names, lints only those (and only with the rule under test,
// which spares the whole-project scan the other rule needs) with the repo's own Biome binary and
// configuration, and removes them again in `finally`.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const biome = join(root, 'node_modules/.bin/biome');

function lint(rule: string, files: string[]): Promise<{ code: number; output: string }> {
  const args = ['lint', '--colors=off', `--only=${rule}`, ...files.map((f) => relative(root, f))];
  return new Promise((resolve) => {
    execFile(biome, args, { cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

/** Writes the probe files, lints them, and always removes them. */
async function lintProbes(rule: string, probes: Record<string, string>) {
  try {
    await Promise.all(Object.entries(probes).map(([path, text]) => writeFile(path, text)));
    return await lint(rule, Object.keys(probes));
  } finally {
    await Promise.all(Object.keys(probes).map((path) => rm(path, { force: true })));
  }
}

const unique = () => `lint-probe-${process.pid}-${randomBytes(4).toString('hex')}`;

describe.concurrent('architecture rules (Biome)', () => {
  it('refuses an import of server/ from db/, and leaves db/ importing db/ alone', async () => {
    const name = unique();
    const bad = join(root, 'db', `${name}-bad.ts`);
    const good = join(root, 'db', `${name}-good.ts`);
    const { code, output } = await lintProbes('style/noRestrictedImports', {
      [bad]: "import { loadConfig } from '../server/config.js';\n\nexport const probe = loadConfig;\n",
      [good]: "import { newId } from './ids.js';\n\nexport const probe = newId;\n",
    });
    expect(code, output).not.toBe(0);
    expect(output).toContain(`db/${name}-bad.ts:1:`);
    expect(output).toContain('lint/style/noRestrictedImports');
    expect(output).not.toContain(`${name}-good.ts`);
  });

  it('refuses two modules that import each other', async () => {
    const name = unique();
    const a = join(import.meta.dirname, `${name}-a.ts`);
    const b = join(import.meta.dirname, `${name}-b.ts`);
    const { code, output } = await lintProbes('suspicious/noImportCycles', {
      [a]: `import { b } from './${name}-b.js';\n\nexport const a = () => b;\n`,
      [b]: `import { a } from './${name}-a.js';\n\nexport const b = () => a;\n`,
    });
    expect(code, output).not.toBe(0);
    expect(output).toContain('lint/suspicious/noImportCycles');
    expect(output).toContain(`${name}-a.ts`);
    expect(output).toContain(`${name}-b.ts`);
    // Cycle detection makes Biome index the whole project first: seconds, more on a busy machine.
  }, 120_000);
});
