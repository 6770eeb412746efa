import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { processSlot } from '@blockyard/core/block';

/** One message as the local mailbox keeps it. */
export interface MailboxEntry {
  messageId: string;
  /** ISO time the message was accepted. */
  timestamp: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  body: string;
  html?: string;
  configurationSet?: string;
}

/** The newest messages a mailbox keeps; older ones are dropped when more arrive. */
export const MAILBOX_LIMIT = 1000;

const mailboxes = (): Map<string, Mailbox> =>
  processSlot('blockyard:email-mailboxes', () => new Map<string, Mailbox>());

/**
 * A JSON file of delivered messages, oldest first. Appends are applied in memory and written
 * together (one write in flight at a time, the next one carrying everything that arrived meanwhile),
 * atomically (temporary file, then rename), readable only by the owner: the file holds codes.
 */
export class Mailbox {
  readonly file: string;
  #entries: MailboxEntry[] | undefined;
  #loading: Promise<MailboxEntry[]> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #version = 0;

  private constructor(file: string) {
    this.file = file;
  }

  /** The one Mailbox of `file` in this process (shared across sandbox reloads). */
  static at(file: string): Mailbox {
    let mailbox = mailboxes().get(file);
    if (!mailbox) {
      mailbox = new Mailbox(file);
      mailboxes().set(file, mailbox);
    }
    return mailbox;
  }

  /** Every mailbox opened in this process. */
  static all(): Mailbox[] {
    return [...mailboxes().values()];
  }

  /** Grows with every accepted message; the dev inbox uses it to skip unchanged reads. */
  get version(): number {
    return this.#version;
  }

  /** The kept messages, oldest first. */
  async list(): Promise<readonly MailboxEntry[]> {
    return [...(await this.#load())];
  }

  /** Adds a message; resolves once it is on disk. */
  async append(entry: MailboxEntry): Promise<void> {
    const entries = await this.#load();
    entries.push(entry);
    if (entries.length > MAILBOX_LIMIT) entries.splice(0, entries.length - MAILBOX_LIMIT);
    this.#version += 1;
    this.#dirty = true;
    const write = this.#writing.then(() => this.#flush());
    this.#writing = write.catch(() => {});
    await write;
  }

  async #flush(): Promise<void> {
    if (!this.#dirty || !this.#entries) return;
    this.#dirty = false;
    const text = `${JSON.stringify(this.#entries, null, 2)}\n`;
    const dir = dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.file);
    } catch (error) {
      this.#dirty = true;
      throw error;
    }
  }

  #load(): Promise<MailboxEntry[]> {
    if (this.#entries) return Promise.resolve(this.#entries);
    this.#loading ??= readFile(this.file, 'utf8').then(
      async (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        if (!Array.isArray(parsed)) {
          // Kept aside rather than overwritten: it may be the only copy of something.
          await rename(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => {});
          parsed = [];
        }
        this.#entries ??= parsed as MailboxEntry[];
        return this.#entries;
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') {
          this.#loading = undefined;
          throw error;
        }
        this.#entries ??= [];
        return this.#entries;
      },
    );
    return this.#loading;
  }
}
