/**
 * @module bench/lib/at-connections — runs a phase once per connection count, so one phase reports a
 * budget that must hold at several loads (the protected call at 10 and at 50 connections).
 */
import type { BenchPhase } from './phase.js';

/** `phase`, run once at each of `counts` connections; every row's metric gains ` @ <n> conn`. */
export function atConnections(phase: BenchPhase, counts: readonly number[]): BenchPhase {
  return {
    name: phase.name,
    description: `${phase.description} (at ${counts.join(' and ')} connections)`,
    async run(context) {
      for (const connections of counts) {
        context.log(`  — ${connections} connections`);
        await phase.run({
          ...context,
          connections,
          log: (line) => context.log(line),
          record: (row) => context.record({ ...row, metric: `${row.metric} @ ${connections} conn` }),
        });
      }
    },
  };
}
