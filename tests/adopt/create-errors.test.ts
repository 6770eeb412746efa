/**
 * `blockyard create` / `add` on bad input: a non-empty folder, an unknown template, a folder it cannot
 * write, packages it cannot find, a failure halfway through — each a clear error, nothing half-written.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { isCliError } from '../../packages/cli/src/cli/errors.js';
import { runAdd } from '../../packages/cli/src/commands/add.js';
import { runCreate } from '../../packages/cli/src/commands/create.js';
import { CLI_BIN } from '../support/index.js';
import { blockyard, cleanup, type Packed, packPackages, runToEnd, tempDir } from './support.js';

function io(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return { cwd, stdout, stderr, out: () => out };
}

async function rejectsWith(run: Promise<unknown>, name: string, exitCode: number): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(isCliError(error), String(error));
    assert.equal(error.name, name);
    assert.equal(error.exitCode, exitCode);
    return true;
  });
}

describe('blockyard create and add on bad input', () => {
  let packed: Packed;
  let work: string;

  before(async () => {
    packed = await packPackages();
    work = await tempDir('create-errors');
  });
  after(cleanup);

  it('refuses a non-empty folder and leaves it as it was', async () => {
    const target = join(work, 'busy');
    await mkdir(target);
    await writeFile(join(target, 'notes.txt'), 'mine');
    await rejectsWith(runCreate([target, '--packages', packed.dir], io(work)), 'TargetNotEmptyException', 1);
    assert.deepEqual(await readdir(target), ['notes.txt']);
    const run = await blockyard(['create', target, '--packages', packed.dir], work);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--force/);
    assert.deepEqual(await readdir(target), ['notes.txt']);
  });

  it('writes into a non-empty folder with --force, keeping and adding to what it has', async () => {
    const target = join(work, 'forced');
    await mkdir(target);
    await writeFile(join(target, 'notes.txt'), 'mine');
    await writeFile(join(target, 'README.md'), '# Mine\n');
    await writeFile(join(target, '.gitignore'), 'dist/\n.bb-data/\n');
    await writeFile(
      join(target, 'package.json'),
      JSON.stringify({
        name: 'mine',
        scripts: { start: 'node server.js' },
        dependencies: { left: '^1.0.0' },
      }),
    );
    assert.equal(await runCreate([target, '--force', '--packages', packed.dir], io(work)), 0);
    const names = await readdir(target);
    for (const name of ['notes.txt', 'package.json', 'aws-blocks', 'vendor', '.gitignore', 'README.md']) {
      assert.ok(names.includes(name), name);
    }
    assert.equal(await readFile(join(target, 'notes.txt'), 'utf8'), 'mine');
    assert.equal(await readFile(join(target, 'README.md'), 'utf8'), '# Mine\n');
    const manifest = JSON.parse(await readFile(join(target, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'mine');
    assert.equal(manifest.scripts.start, 'node server.js');
    assert.equal(manifest.scripts.sandbox, 'blockyard sandbox');
    assert.equal(manifest.dependencies.left, '^1.0.0');
    assert.match(manifest.dependencies['@aws-blocks/blocks'], /^file:vendor\//);
    const ignored = (await readFile(join(target, '.gitignore'), 'utf8')).split('\n');
    assert.equal(ignored[0], 'dist/');
    assert.equal(ignored.filter((line) => line === '.bb-data/').length, 1);
    assert.ok(ignored.includes('.blocks-sandbox/'));
    assert.match(await readFile(join(target, 'aws-blocks/index.ts'), 'utf8'), /new AuthBasic/);
    assert.deepEqual(
      (await readdir(work)).filter((name) => name.includes('.creating-')),
      [],
    );
  });

  it('refuses an unknown template with a usage error and writes nothing', async () => {
    const target = join(work, 'unknown-template');
    await rejectsWith(
      runCreate([target, '--template', 'nope', '--packages', packed.dir], io(work)),
      'UsageError',
      2,
    );
    const run = await blockyard(['create', target, '--template', 'nope'], work);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /basic/);
    assert.ok(!(await readdir(work)).includes('unknown-template'));
  });

  it('refuses bad arguments', async () => {
    await rejectsWith(runCreate([], io(work)), 'UsageError', 2);
    await rejectsWith(runCreate(['a', 'b'], io(work)), 'UsageError', 2);
    await rejectsWith(runCreate(['a', '--amplifyx'], io(work)), 'UsageError', 2);
    await rejectsWith(runCreate(['a', '--registry', '--packages', packed.dir], io(work)), 'UsageError', 2);
    await rejectsWith(runAdd(['nope'], io(work)), 'UsageError', 2);
    await rejectsWith(runAdd([], io(work)), 'UsageError', 2);
    assert.ok(!(await readdir(work)).includes('a'));
  });

  it('names the missing packages and how to make them, writing nothing', async () => {
    const empty = await tempDir('no-packages');
    const target = join(work, 'no-packages');
    await rejectsWith(runCreate([target, '--packages', empty], io(work)), 'PackagesNotFoundException', 1);
    const run = await blockyard(['create', target, '--packages', empty], work);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /npm run pack/);
    assert.ok(!(await readdir(work)).includes('no-packages'));
  });

  it('reports a folder it cannot create (a parent is a file) and leaves nothing behind', async () => {
    await writeFile(join(work, 'a-file'), '');
    const target = join(work, 'a-file', 'app');
    await rejectsWith(runCreate([target, '--packages', packed.dir], io(work)), 'WriteFailedException', 1);
    assert.equal(await readFile(join(work, 'a-file'), 'utf8'), '');
  });

  it('reports a folder it may not write to and leaves nothing behind', async () => {
    const locked = join(work, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    await chmod(work, 0o755);
    const args = [CLI_BIN, 'create', join(locked, 'app'), '--registry'];
    // Permissions do not bind root, and an unprivileged user may not reach a clone under a private
    // folder: as root, the folder is made read-only for the command alone, by a read-only bind mount
    // in a mount namespace of its own.
    const asRoot = process.getuid?.() === 0;
    const run = asRoot
      ? await runToEnd(
          'unshare',
          [
            '--mount',
            'sh',
            '-c',
            'mount --bind -o ro "$1" "$1" && shift && exec "$@"',
            'sh',
            locked,
            process.execPath,
            ...args,
          ],
          { cwd: work },
        )
      : await runToEnd(process.execPath, args, { cwd: work });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, asRoot ? /the file system is read-only/ : /permission denied/);
    assert.deepEqual(await readdir(locked), []);
  });

  it('removes everything it wrote when it fails halfway', async () => {
    // A pack whose tarball is a folder: the template is copied, then copying the tarball fails.
    const broken = await tempDir('broken-pack');
    const index = JSON.parse(await readFile(join(packed.dir, 'packages.json'), 'utf8')) as Packed['index'];
    await writeFile(join(broken, 'packages.json'), JSON.stringify(index));
    for (const { file } of Object.values(index.packages)) await mkdir(join(broken, file));
    const parent = join(work, 'made-for-it', 'nested');
    await rejectsWith(
      runCreate([join(parent, 'app'), '--packages', broken], io(work)),
      'WriteFailedException',
      1,
    );
    assert.ok(!(await readdir(work)).includes('made-for-it'));
  });

  it('refuses to add to a folder without package.json', async () => {
    await rejectsWith(runAdd(['kv-store', '--dir', work], io(work)), 'AppNotFoundException', 1);
  });
});
