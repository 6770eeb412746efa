import { readFileSync } from 'node:fs';
import { assertBackendFolder } from '../backend/app-folder.js';
import { importOptional } from '../commands/optional-package.js';
import type { RunningServer } from '../server/start-server.js';
import { isCliError } from './errors.js';
import { parseCliArgs } from './parse-args.js';
import type { OutputStreams } from './types.js';

/** What {@link runCli} talks to; defaults to the current process. */
export interface CliEnvironment extends OutputStreams {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where SIGINT/SIGTERM come from. */
  signals: Pick<NodeJS.Process, 'once' | 'off'>;
}

function processEnvironment(): CliEnvironment {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function waitForSignal(signals: CliEnvironment['signals']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
      resolve(signal);
    };
    signals.once('SIGINT', onSignal);
    signals.once('SIGTERM', onSignal);
  });
}

/**
 * Runs `blockyard <argv…>` and resolves with the exit status: 0 after a clean shutdown (SIGINT or
 * SIGTERM: stop accepting, drain in-flight requests, close the engine), 1 when the backend cannot be
 * loaded or served, 2 for a usage error.
 */
export async function runCli(
  argv: readonly string[],
  io: CliEnvironment = processEnvironment(),
): Promise<number> {
  let server: RunningServer | undefined;
  try {
    const invocation = parseCliArgs(argv, io);
    if (invocation.kind === 'help') {
      io.stdout.write(invocation.text);
      return 0;
    }
    if (invocation.kind === 'version') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (invocation.kind === 'aws') {
      const { runSynth } = await import('../commands/synth.js');
      const { runDeploy } = await import('../commands/deploy.js');
      return await (invocation.command === 'synth' ? runSynth : runDeploy)(invocation.flags, io);
    }
    if (invocation.kind === 'data') {
      const { runData } = await import('../commands/data.js');
      return await runData(invocation.command, invocation.flags, io);
    }
    if (invocation.kind === 'amplify') {
      return await (await import('../commands/amplify-overlay.js')).runAmplifyOverlay(invocation.flags, io);
    }
    if (invocation.kind === 'project') {
      const { runCreate } = await import('../commands/create.js');
      const { runAdd } = await import('../commands/add.js');
      return await (invocation.command === 'create' ? runCreate : runAdd)(invocation.argv, io);
    }
    if (invocation.kind !== 'serve')
      return await (await import('../commands/generate.js')).runGenerate(invocation, io);
    // `dynamodb://` engines live in @blockyard/aws, which kv-store does not depend on.
    if (io.env.BLOCKS_DATABASE_URL?.startsWith('dynamodb:'))
      (
        await importOptional(
          'BLOCKS_DATABASE_URL=dynamodb://…',
          ['@blockyard/aws'],
          () => import('@blockyard/aws'),
        )
      ).registerDynamoDbEngine();
    assertBackendFolder(invocation.flags.appDir, invocation.flags.dir);
    const signal = waitForSignal(io.signals);
    const { startServer } = await import('../server/start-server.js');
    server = await startServer({
      command: invocation.command,
      flags: invocation.flags,
      env: io.env,
      streams: io,
    });
    const received = await signal;
    io.stderr.write(`Received ${received}: finishing in-flight requests and shutting down\n`);
    await server.close();
    return 0;
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`blockyard: unexpected error\n${(error as Error)?.stack ?? String(error)}\n`);
    await server?.close().catch(() => {});
    return 1;
  }
}
