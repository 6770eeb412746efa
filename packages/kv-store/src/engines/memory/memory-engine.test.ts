import { openEngine } from '../../open-engine.js';
import { runKvConformance } from '../../test-support/conformance.js';

runKvConformance({ name: 'memory', open: (options) => openEngine('memory:', options) });
