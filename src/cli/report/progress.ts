/**
 * Progress of the long steps of a command: a redrawn bar on a terminal, plain lines elsewhere (a log file, CI, a pipe).
 *
 * @module
 */
import { describeValue } from '../../core/describe.js';
import { InvalidParameterError } from '../../core/errors.js';
import { checkOptions } from '../../core/options.js';

/** Where progress goes: `process.stdout`, or anything with a `write` and (optionally) `isTTY`. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Options of {@link createProgress}. An unknown key is an error. */
export interface ProgressOptions {
  /** Redraw one bar in place (true) or print plain lines (false). Default `sink.isTTY === true`. */
  readonly tty?: boolean;
  /** The clock in milliseconds, for elapsed times and for throttling the redraws. Default `Date.now`. */
  readonly now?: () => number;
  /** Characters of the bar, an integer in [5, 100]. Default 24. */
  readonly width?: number;
}

/** One long step: `total` units of work, advanced with `tick`, closed with `done`. */
export interface ProgressTask {
  /** Advances by `step` units (default 1, clamped to the total) and sets the detail shown after the count. */
  tick(step?: number, detail?: string): void;
  /** Closes the task: one final line with the elapsed time and the summary. Later calls do nothing. */
  done(summary?: string): void;
}

/** The progress reporter of one command. */
export interface Progress {
  /** Starts a task of `total` units (an integer >= 1) named `label`. */
  task(label: string, total: number): ProgressTask;
  /** Prints one line (a step heading, a result). */
  line(text: string): void;
}

/** A terminal bar is redrawn at most this often (milliseconds), and always at the last unit. */
const REDRAW_MS = 100;
/** Plain lines are printed at each of these fractions of the total. */
const PLAIN_STEPS = 4;

/** Seconds with one decimal: `'3.2 s'`. */
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The bar of a fraction `f` in [0, 1] over `width` characters: `round(f * width)` full blocks, the rest light.
 *
 * @example
 * ```ts
 * bar(0.5, 10) // => '█████░░░░░'
 * ```
 */
export function bar(f: number, width: number): string {
  const full = Math.round(Math.min(1, Math.max(0, f)) * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/**
 * A progress reporter writing to `sink`. On a terminal (`tty`), each task is one line redrawn in place
 * (`\r`, clear to the end of the line) at most every 100 ms: `label [bar] 45% 12/30 detail`; `done` ends it with the
 * elapsed time. Elsewhere, plain lines: one when the task starts, one at each quarter of the total, and the final
 * one, so that a log holds a handful of lines per step rather than a redraw per unit.
 *
 * Throws `InvalidParameterError` for a sink without `write`, a bad or unknown option, a task total that is not an
 * integer >= 1, or a tick step that is not a finite number >= 0.
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * const progress = createProgress({ write: (t: string) => lines.push(t) }, { tty: false, now: () => 0 })
 * const task = progress.task('training', 4)
 * for (let i = 0; i < 4; i++) task.tick(1, `round ${i + 1}`)
 * task.done('4 rounds')
 * lines.at(-1) // => 'training: done in 0.0 s, 4 rounds\n'
 * ```
 */
export function createProgress(sink: ProgressSink, options?: ProgressOptions): Progress {
  if (sink === null || typeof sink !== 'object' || typeof sink.write !== 'function') {
    throw new InvalidParameterError('sink', `expected an object with a write(text) method, got ${describeValue(sink)}`);
  }
  const o = checkOptions(options, ['tty', 'now', 'width'], 'options');
  if (o.tty !== undefined && typeof o.tty !== 'boolean') throw new InvalidParameterError('options.tty', `must be a boolean, got ${describeValue(o.tty)}`);
  if (o.now !== undefined && typeof o.now !== 'function') throw new InvalidParameterError('options.now', `must be a function returning milliseconds, got ${describeValue(o.now)}`);
  const width = o.width ?? 24;
  if (!Number.isInteger(width) || width < 5 || width > 100) throw new InvalidParameterError('options.width', `must be an integer in [5, 100], got ${describeValue(width)}`);
  const tty = o.tty ?? sink.isTTY === true;
  const now = o.now ?? Date.now;
  const write = (text: string): void => void sink.write(text);

  const task = (label: string, total: number): ProgressTask => {
    if (typeof label !== 'string') throw new InvalidParameterError('label', `must be a string, got ${describeValue(label)}`);
    if (!Number.isInteger(total) || total < 1) throw new InvalidParameterError('total', `must be an integer >= 1, got ${describeValue(total)}`);
    const start = now();
    let count = 0;
    let detail = '';
    let drawn = -Infinity;
    let quarter = 0;
    let closed = false;
    const status = (): string => `${label} [${bar(count / total, width)}] ${String(Math.floor((100 * count) / total)).padStart(3)}% ${count}/${total}${detail ? ` ${detail}` : ''}`;
    if (tty) write(`\r\x1b[2K${status()}`);
    else write(`${label}: ${total} steps\n`);
    return {
      tick(step = 1, text?: string) {
        if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) throw new InvalidParameterError('step', `must be a finite number >= 0, got ${describeValue(step)}`);
        if (closed) return;
        count = Math.min(total, count + step);
        if (text !== undefined) detail = String(text);
        if (tty) {
          const t = now();
          if (t - drawn >= REDRAW_MS || count === total) {
            drawn = t;
            write(`\r\x1b[2K${status()}`);
          }
        } else if (count < total && Math.floor((count * PLAIN_STEPS) / total) > quarter) {
          quarter = Math.floor((count * PLAIN_STEPS) / total);
          write(`${label}: ${Math.floor((100 * count) / total)}% (${count}/${total})${detail ? ` ${detail}` : ''}\n`);
        }
      },
      done(summary?: string) {
        if (closed) return;
        closed = true;
        const tail = `done in ${seconds(now() - start)}${summary ? `, ${summary}` : ''}`;
        if (tty) write(`\r\x1b[2K${label} [${bar(1, width)}] ${tail}\n`);
        else write(`${label}: ${tail}\n`);
      },
    };
  };
  return { task, line: (text: string) => write(`${text}\n`) };
}
