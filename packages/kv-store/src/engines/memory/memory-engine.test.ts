import { openEngine } from '../../open-engine.js';
import { runKvConformance } from '../../testing/conformance.js';

runKvConformance({ name: 'memory', open: (options) => openEngine('memory:', options) });
