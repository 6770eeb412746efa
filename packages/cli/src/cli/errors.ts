/** Names of the errors the `blockyard` command reports, with the exit status each one ends with. */
export const CliErrors = {
  /** A bad command, flag or flag value (exit status 2). */
  Usage: 'UsageError',
  /** The app folder has no `aws-blocks/index.ts` (exit status 1). */
  BackendNotFound: 'BackendNotFoundException',
  /** The backend failed to compile or to evaluate (exit status 1). */
  BackendLoadFailed: 'BackendLoadFailedException',
  /** The server could not listen on the requested host and port (exit status 1). */
  ListenFailed: 'ListenFailedException',
  /** `BLOCKS_DATABASE_URL` / `BLOCKS_DATA_DIR` do not name a usable engine (exit status 1). */
  EngineConfig: 'EngineConfigException',
  /** `create` was pointed at a folder that is not empty (exit status 1). */
  TargetNotEmpty: 'TargetNotEmptyException',
  /** `create`/`add` could not write the app's files (exit status 1). */
  WriteFailed: 'WriteFailedException',
  /** The packed packages `create`/`add` copy into an app are missing (exit status 1). */
  PackagesNotFound: 'PackagesNotFoundException',
  /** `add` found no `package.json` in the app folder (exit status 1). */
  AppNotFound: 'AppNotFoundException',
  /** An optional package the command needs (`@blockyard/aws`, `aws-cdk-lib`) is not installed (exit status 1). */
  MissingPackage: 'MissingPackageException',
  /** `backup`/`restore`/`migrate`/`import` found its input malformed; nothing was written (exit status 1). */
  DataInvalid: 'DataInvalidException',
  /** A copy's target differs from its source after the copy (exit status 1). */
  VerificationFailed: 'VerificationFailedException',
  /** A backup would hold secrets in clear text: no key given and no `--include-secrets-in-clear` (exit status 1). */
  SecretsUnprotected: 'SecretsUnprotectedException',
  /** Imported usernames collide once canonicalised (D-12); nothing was written (exit status 1). */
  UsernameCollision: 'UsernameCollisionException',
} as const;

/** One of the {@link CliErrors} names. */
export type CliErrorName = (typeof CliErrors)[keyof typeof CliErrors];

/** An error the command prints as-is (no stack) before exiting with {@link CliError.exitCode}. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(name: CliErrorName, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.exitCode = name === CliErrors.Usage ? 2 : 1;
  }
}

const CLI_ERROR_NAMES: ReadonlySet<string> = new Set(Object.values(CliErrors));

/** True for a {@link CliError}, also one thrown by another loaded copy of this package. */
export function isCliError(value: unknown): value is CliError {
  return (
    value instanceof Error &&
    CLI_ERROR_NAMES.has(value.name) &&
    typeof (value as { exitCode?: unknown }).exitCode === 'number'
  );
}
