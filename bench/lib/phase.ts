/**
 * @module bench/lib/phase — what a bench phase is and what it gets to work with.
 */

/** A budget a measured value must meet. */
export interface Budget {
  op: '>=' | '<=';
  limit: number;
}

/** One line of the final table. */
export interface BenchRow {
  phase: string;
  metric: string;
  value: number;
  unit: string;
  budget?: Budget;
  /** Free text, e.g. the numbers a ratio was computed from. */
  note?: string;
}

/** What a phase gets from the runner. */
export interface BenchContext {
  /** `--quick`: shorter rounds and fewer repetitions (a smoke run, numbers are rough). */
  readonly quick: boolean;
  /** Seconds of load per round. */
  readonly roundSeconds: number;
  /** Load rounds per server (alternating between the servers compared). */
  readonly rounds: number;
  /** Concurrent connections of the load generator. */
  readonly connections: number;
  /** Prints a progress line. */
  log(line: string): void;
  /** Adds a row to the final table. */
  record(row: Omit<BenchRow, 'phase'>): void;
}

/** One measurement of the bench (`--only <name>` runs just this one). */
export interface BenchPhase {
  readonly name: string;
  readonly description: string;
  /** Runs only when named with `--only` (a phase that takes minutes). */
  readonly onlyWhenNamed?: boolean;
  run(context: BenchContext): Promise<void>;
}

/** Whether `row` meets its budget (undefined when it has none). */
export function meetsBudget(row: BenchRow): boolean | undefined {
  if (!row.budget || !Number.isFinite(row.value)) return row.budget ? false : undefined;
  return row.budget.op === '>=' ? row.value >= row.budget.limit : row.value <= row.budget.limit;
}
