/**
 * @module bench/lib/report — the final table.
 */
import { type BenchRow, meetsBudget } from './phase.js';

function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = unit === '×' ? 2 : Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${unit}`.trim();
}

/** The rows as an aligned text table with a budget column. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['phase', 'metric', 'value', 'budget', ''];
  const body = rows.map((row) => {
    const ok = meetsBudget(row);
    return [
      row.phase,
      row.metric,
      formatValue(row.value, row.unit),
      row.budget ? `${row.budget.op} ${formatValue(row.budget.limit, row.unit)}` : '',
      ok === undefined ? '' : ok ? 'ok' : 'OVER BUDGET',
    ];
  });
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
