import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { fsyncDirectory } from '../journal/fsync-directory';

/** What is on disk, told apart so a store can rebuild instead of starting from defaults. */
export type ViewFileRead<T> =
  | { kind: 'missing' }
  | { kind: 'empty' }
  | { kind: 'corrupt'; detail: string }
  | { kind: 'ok'; data: T };

/** read() found a file it cannot use; lowdb's Low.read() would otherwise keep its defaults. */
export class UnreadableViewFileError extends Error {
  override readonly name = 'UnreadableViewFileError';
  constructor(
    readonly file: string,
    readonly reason: 'empty' | 'corrupt',
    detail: string,
  ) {
    super(`${file} is ${reason}: ${detail}`);
  }
}

/**
 * A lowdb adapter that survives power cuts. lowdb's JSONFile renames a temp file into place but
 * never fsyncs, so after a cut the file can be empty or missing. Here each write goes temp file →
 * fsync → rename → fsync the directory: the file is always either the old or the new content.
 */
export class PowerSafeJsonFile<T> implements Adapter<T> {
  readonly file: string;
  readonly #temp: string;
  readonly #schema: z.ZodType<T> | undefined;
  /** Writes are chained: two in flight would share the temp file. */
  #lastWrite: Promise<void> = Promise.resolve();
  #directoryReady = false;

  /** `schema`, when given, makes a parseable file of the wrong shape count as corrupt. */
  constructor(file: string, schema?: z.ZodType<T>) {
    this.file = file;
    this.#temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    this.#schema = schema;
  }

  async readChecked(): Promise<ViewFileRead<T>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
        return { kind: 'missing' };
      }
      throw error;
    }
    if (text.trim() === '') return { kind: 'empty' };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { kind: 'corrupt', detail: error instanceof Error ? error.message : String(error) };
    }
    if (!this.#schema) return { kind: 'ok', data: value as T };
    const parsed = this.#schema.safeParse(value);
    return parsed.success
      ? { kind: 'ok', data: parsed.data }
      : { kind: 'corrupt', detail: parsed.error.message };
  }

  /** lowdb's contract: null when the file does not exist. Empty or corrupt throws. */
  async read(): Promise<T | null> {
    const result = await this.readChecked();
    switch (result.kind) {
      case 'missing':
        return null;
      case 'ok':
        return result.data;
      case 'empty':
        throw new UnreadableViewFileError(this.file, 'empty', 'no content');
      case 'corrupt':
        throw new UnreadableViewFileError(this.file, 'corrupt', result.detail);
    }
  }

  write(data: T): Promise<void> {
    // Serialised now, so later changes to `data` cannot leak into this write.
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const write = this.#lastWrite.catch(() => undefined).then(() => this.#replace(text));
    this.#lastWrite = write;
    return write;
  }

  async #replace(text: string): Promise<void> {
    if (!this.#directoryReady) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.#directoryReady = true;
    }
    try {
      const handle = await open(this.#temp, 'w', 0o644);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(this.#temp, this.file);
    } catch (error) {
      await unlink(this.#temp).catch(() => undefined);
      throw error;
    }
    await fsyncDirectory(path.dirname(this.file));
  }
}
