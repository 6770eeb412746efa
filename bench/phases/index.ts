/**
 * @module bench/phases — every phase `bench/run.ts` knows, in the order they run. Add a phase by
 * writing `bench/phases/<name>.ts` exporting a {@link BenchPhase} and listing it here.
 */
import { atConnections } from '../lib/at-connections.js';
import type { BenchPhase } from '../lib/phase.js';
import { authBurst } from './auth-burst.js';
import { authOutboxTiming } from './auth-outbox-timing.js';
import { authP99 } from './auth-p99.js';
import { authProtected } from './auth-protected.js';
import { authSignIn } from './auth-signin.js';
import { aws } from './aws.js';
import { codegen } from './codegen.js';
import { emailBatch } from './email-batch.js';
import { engines } from './engines.js';
import { greetThroughput } from './greet-throughput.js';
import { idleMemory } from './idle-rss.js';
import { scale } from './scale.js';
import { startup } from './startup.js';
import { webClient } from './web-client.js';

/** The phases, in running order. */
export const phases: readonly BenchPhase[] = [
  greetThroughput,
  startup,
  idleMemory,
  atConnections(authProtected, [10, 50]),
  authSignIn,
  authP99,
  authBurst,
  authOutboxTiming,
  engines,
  emailBatch,
  webClient,
  codegen,
  aws,
  scale,
];
