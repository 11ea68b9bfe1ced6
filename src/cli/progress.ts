/**
 * Progress of a long step: a bar redrawn in place on a terminal, plain lines every 10% otherwise (logs, CI, pipes).
 *
 * @module
 */
import { describeValue } from '../core/describe.js';
import { InvalidParameterError } from '../core/errors.js';

/** Where progress is written: a stream (process.stderr by default). */
export interface ProgressSink {
  write(text: string): unknown;
  /** A terminal: the bar is redrawn in place. */
  readonly isTTY?: boolean;
}

/** A running progress report. */
export interface Progress {
  /** Counts `n` more units done (default 1); the count never passes the total. */
  tick(n?: number): void;
  /** Ends the report (the bar shows the count reached; a plain report prints its last line). Idempotent. */
  done(): void;
}

/** Width of the bar, in characters. */
const BAR = 24;

function checkCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InvalidParameterError(name, `expected an integer >= 0, got ${describeValue(value)}`);
  return value;
}

/**
 * Reports the progress of `total` units of work under `label`, on `sink` (default `process.stderr`).
 *
 * - On a terminal (`sink.isTTY`): `label [#########---------------] 37% 370/1000`, redrawn in place (`\r`) each time
 *   the whole percentage changes, ended by a newline at `done()`.
 * - Otherwise: one line `label: 37% (370/1000)` each time the count crosses a multiple of 10%, and a last line at
 *   `done()` if the count reached since the last line differs.
 *
 * Throws `InvalidParameterError` when `total` or a tick is not an integer >= 0.
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * const p = progress('features', 4, { write: (s) => lines.push(s) })
 * p.tick(2); p.tick(2); p.done()
 * lines // => ['features: 50% (2/4)\n', 'features: 100% (4/4)\n']
 * ```
 */
export function progress(label: string, total: number, sink: ProgressSink = process.stderr): Progress {
  checkCount(total, 'total');
  let count = 0;
  let shown = -1;
  let finished = false;
  const percent = (): number => (total === 0 ? 100 : Math.floor((count / total) * 100));
  const draw = (): void => {
    const p = percent();
    if (sink.isTTY) {
      if (p === shown) return;
      const filled = Math.round((p / 100) * BAR);
      sink.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${p}% ${count}/${total}`);
      shown = p;
    } else {
      const step = Math.floor(p / 10);
      if (step === 0 || (shown >= 0 && step <= Math.floor(shown / 10))) return;
      sink.write(`${label}: ${p}% (${count}/${total})\n`);
      shown = p;
    }
  };
  return {
    tick(n = 1) {
      checkCount(n, 'n');
      if (finished) return;
      count = Math.min(total, count + n);
      draw();
    },
    done() {
      if (finished) return;
      finished = true;
      if (sink.isTTY) {
        draw();
        sink.write('\n');
      } else if (shown !== percent()) {
        sink.write(`${label}: ${percent()}% (${count}/${total})\n`);
      }
    },
  };
}
