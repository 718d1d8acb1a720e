import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from './fsync-directory';

/**
 * Replaces `file` with `text` so that after a power cut it holds the old text or the new one,
 * never half of either: tmp → fsync → rename → fsync directory. A failed step removes the tmp.
 * Used for every small file the kiosk must not lose (signed lists, the roster, the enrollment).
 */
export async function writeDurably(file: string, text: string, mode = 0o644): Promise<void> {
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(path.dirname(file));
}
