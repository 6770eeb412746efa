#!/usr/bin/env node
// `npm create blockyard <dir> [--template <name>] [--force]`: `blockyard create` with the published
// packages (--registry), for people who have no clone of the repository. Passing --packages <dir>
// installs from tarballs instead, as `blockyard create` does.
import { runCli } from '@blockyard/cli';

const args = process.argv.slice(2);
const fromFiles = args.some((arg) => arg === '--packages' || arg.startsWith('--packages='));
const registry = fromFiles || args.includes('--registry') ? [] : ['--registry'];
process.exitCode = await runCli(['create', ...args, ...registry]);
