/**
 * The CLI's leaf types, shared by the argument parser, the commands and the server without any of
 * them importing another for a type (no cycle, no import back up the tree).
 */

/** Options of a serving command, validated. */
export interface ServeFlags {
  /** Absolute path of the app folder. */
  appDir: string;
  /** The `--dir` value as typed, for messages; absent when the app is the current folder. */
  dir?: string;
  port: number;
  host: string;
  /** Watch the backend's files and reload on change (sandbox only). */
  watch: boolean;
  /** Print no request lines. */
  quiet: boolean;
  /** Folder of static frontend files (`--static`; sandbox only, default `<app>/public/`). */
  staticDir?: string;
  /** Frontend dev server command to start and proxy (`--frontend`, sandbox only). */
  frontendCommand?: string;
  /** Port of that dev server (`--frontend-port`, default 3100). */
  frontendPort?: number;
  /** Extra names the sandbox answers for (`--allow-host`, repeatable; D-20), e.g. `10.0.2.2`. */
  allowHosts?: string[];
}

/** Where relative paths and environment defaults come from. */
export interface ParseContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Where the command writes: normally `process.stdout` / `process.stderr`. */
export interface OutputStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}
