/** Where progress goes: a terminal gets a redrawn bar, anything else plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 24;
const LINE_EVERY_MS = 2000;
const REDRAW_EVERY_MS = 100;

/**
 * Reports how far a copy is: on a terminal one line redrawn in place (`[#####   ] 3/7 tables …`), at
 * most ten times a second; otherwise a plain line when a table starts and every two seconds.
 */
export class Progress {
  readonly #out: ProgressStream;
  readonly #verb: string;
  readonly #now: () => number;
  readonly #started: number;
  #tables = 0;
  #tableIndex = 0;
  #table = '';
  #items = 0;
  #lastDraw = 0;
  #drawn = false;

  constructor(out: ProgressStream, verb: string, now: () => number = Date.now) {
    this.#out = out;
    this.#verb = verb;
    this.#now = now;
    this.#started = now();
  }

  /** Items written so far. */
  get items(): number {
    return this.#items;
  }

  /** Items per second since the start. */
  rate(): number {
    const seconds = Math.max((this.#now() - this.#started) / 1000, 0.001);
    return Math.round(this.#items / seconds);
  }

  /** A new table begins (`index` counts from 0 among `total`). */
  table(name: string, index: number, total: number): void {
    this.#table = name;
    this.#tableIndex = index;
    this.#tables = total;
    if (!this.#out.isTTY) this.#out.write(`${this.#verb}: table ${index + 1}/${total} ${name}\n`);
    this.#draw(true);
  }

  /** `count` more items were written. */
  advance(count: number): void {
    this.#items += count;
    this.#draw(false);
  }

  /** Ends the bar (a terminal gets its final state and a newline). */
  done(): void {
    this.#tableIndex = this.#tables;
    if (this.#out.isTTY) {
      this.#draw(true);
      if (this.#drawn) this.#out.write('\n');
    } else {
      this.#out.write(`${this.#verb}: ${this.#items} items written (${this.rate()} items/s)\n`);
    }
  }

  #draw(force: boolean): void {
    const now = this.#now();
    if (this.#out.isTTY) {
      if (!force && now - this.#lastDraw < REDRAW_EVERY_MS) return;
      this.#lastDraw = now;
      const share = this.#tables === 0 ? 1 : this.#tableIndex / this.#tables;
      const filled = Math.round(share * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}`;
      const where = `${Math.min(this.#tableIndex + 1, this.#tables)}/${this.#tables} tables`;
      this.#out.write(`\r\x1b[2K[${bar}] ${where}  ${this.#items} items  ${this.rate()}/s  ${this.#table}`);
      this.#drawn = true;
      return;
    }
    if (force) {
      this.#lastDraw = now;
      return;
    }
    if (now - this.#lastDraw < LINE_EVERY_MS) return;
    this.#lastDraw = now;
    this.#out.write(
      `${this.#verb}: ${this.#items} items written (${this.rate()} items/s), at ${this.#table}\n`,
    );
  }
}
