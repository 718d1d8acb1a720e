import { open } from 'node:fs/promises';

/**
 * Makes a directory entry durable (a created, renamed or removed file). fdatasync on the file
 * alone does not persist its name on every filesystem, so a new segment or a renamed view file
 * could vanish after a power cut without this.
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
