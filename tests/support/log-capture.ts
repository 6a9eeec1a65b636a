// The hub's log lines kept in memory (startTestHub's `logStream`), for tests that check what the
// logs never hold.
import { Writable } from 'node:stream';

export function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}
