/**
 * @module bench/phases/engines — KVStore get / put / increment operations per second on each engine,
 * so a protected call's cost can be compared with what storage alone costs.
 */
import { runEngineBench } from '../engines.js';
import type { BenchPhase } from '../lib/phase.js';

/** Engine throughput (memory, SQLite, PostgreSQL when a URL is configured). */
export const engines: BenchPhase = {
  name: 'engines',
  description: 'KVStore get / put / increment operations per second on memory, SQLite and PostgreSQL',
  async run(context) {
    const results = await runEngineBench({
      secondsPerOp: context.quick ? 0.5 : 2,
      log: (line) => context.log(line),
    });
    for (const result of results) {
      context.record({
        metric: `${result.engine} ${result.op}/s`,
        value: Math.round(result.perSecond),
        unit: 'ops/s',
        note: `${result.concurrency} calls in flight, ${result.seconds.toFixed(1)} s`,
      });
    }
  },
};
