// Shared runner for the command-line tools: one readable line on failure, exit code 1.
import { ConfigError } from '../server/config.js';

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
    process.exit(0);
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(`failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

/** Reads `--name value` pairs; unknown flags are an error so typos do not pass silently. */
export function parseFlags(argv: string[], known: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--') || !known.includes(name))
      throw new Error(`unknown argument "${arg}" (expected ${known.map((k) => `--${k}`).join(', ')})`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags[name] = value;
  }
  return flags;
}
