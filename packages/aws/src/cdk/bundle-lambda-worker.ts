/**
 * @module bundle-lambda-worker — runs {@link buildLambdaBundle} for `bundleLambda` in a child process:
 * options as JSON on stdin, the bundle as JSON on stdout, errors on stderr with exit status 1.
 */
import { text } from 'node:stream/consumers';
import { type BundleLambdaOptions, buildLambdaBundle } from './bundle-lambda.js';

try {
  const options = JSON.parse(await text(process.stdin)) as BundleLambdaOptions;
  process.stdout.write(JSON.stringify(await buildLambdaBundle(options)));
} catch (error) {
  const failure = error as { errors?: { text: string; location?: { file: string; line: number } }[] };
  if (Array.isArray(failure.errors) && failure.errors.length > 0) {
    for (const e of failure.errors) {
      process.stderr.write(`${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}\n`);
    }
  } else {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
