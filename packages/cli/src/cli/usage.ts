/** The commands `blockyard` knows. */
export type CommandName = 'sandbox' | 'start';

const GENERAL = `Usage: blockyard <command> [options]

Commands:
  sandbox   Serve the app's backend for local development, reloading on change
  start     Serve the app's backend in production mode
  create    Write a new app into a folder (blockyard create <dir> [--template <name>])
  add       Add a block's package, or the AWS path, to an app (blockyard add auth-basic|email-client|kv-store|aws)
  generate  Write the app's blocks.spec.json or a Swift, Kotlin, Dart or TypeScript client
  synth     Print the AWS deployment (CDK) as a CloudFormation template
  deploy    Deploy the app's backend to AWS with the AWS CDK
  backup    Write every table of the app's engine to one portable, versioned file
  restore   Check a backup file, then write it into the app's engine
  migrate   Copy everything from one engine to another, resumably, and verify it
  import    Bring an AWS Blocks app's data into the app's engine (blockyard import aws-blocks <folder>)

Run "blockyard <command> --help" for the options of a command.
`;

const SANDBOX = `Usage: blockyard sandbox [--dir <app>] [--port <n>] [--host <addr>] [--allow-host <name>]... [--no-watch] [--quiet]
                         [--static <dir> | --frontend "<command>" [--frontend-port <n>]]

Serves <app>/aws-blocks/index.ts at http://<host>:<port>/aws-blocks/api on embedded engines,
writes <app>/.blocks-sandbox/config.json and reloads the backend when its files change.

Options:
  --dir <app>     App folder (default: the current directory)
  --port <n>      Port to listen on, 0 for any free port (default: 3001)
  --host <addr>   Address to bind (default: 127.0.0.1); 0.0.0.0 also answers for this machine's
                  LAN addresses and the Android emulator's 10.0.2.2, and prints their URLs
  --allow-host <name>   Also answer requests for this Host (repeatable), e.g. 10.0.2.2 or devbox.local
  --no-watch      Do not watch files or reload
  --quiet         Do not print request lines (also: BLOCKS_DEV_QUIET=1)
  --static <dir>  Serve the frontend's files from <dir> on the same origin (default: <app>/public/)
  --frontend <command>  Start a frontend dev server and proxy every non-API path to it (WebSockets too)
  --frontend-port <n>   Port that dev server listens on, given to it as PORT (default: 3100)
  -h, --help      Show this help
`;

const START = `Usage: blockyard start [--dir <app>] [--port <n>] [--host <addr>]

Serves <app>/aws-blocks/index.ts at http://<host>:<port>/aws-blocks/api in production mode:
no watching, unexpected error messages hidden from callers, engine from BLOCKS_DATABASE_URL.

Options:
  --dir <app>     App folder (default: the current directory)
  --port <n>      Port to listen on, 0 for any free port (default: 3001)
  --host <addr>   Address to bind (default: 127.0.0.1)
  -h, --help      Show this help
`;

/** The help text of `command`, or the general help when it is absent. */
export function usageText(command?: CommandName): string {
  if (command === 'sandbox') return SANDBOX;
  if (command === 'start') return START;
  return GENERAL;
}
