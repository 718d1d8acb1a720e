import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the technician screen may write a diagnostics bundle: mounted removable media, found
 * under the usual automount roots. The renderer picks one of these; main never writes to a path
 * the renderer made up (it is a trust boundary, DESIGN §9). A directory counts as mounted when it
 * lives on another device than its parent, which is what a USB stick mount looks like.
 */

/** udisks (/media/<user>/<label>, /run/media/<user>/<label>) and manual mounts (/mnt/<name>). */
export const DEFAULT_MOUNT_ROOTS = ['/media', '/run/media', '/mnt'] as const;

export async function listExportTargets(
  roots: readonly string[] = DEFAULT_MOUNT_ROOTS,
  statOf: (p: string) => Promise<{ dev: number; isDirectory(): boolean }> = stat,
): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    const parentDev = (await statOf(dir)).dev;
    for (const name of names.sort()) {
      const full = path.join(dir, name);
      const s = await statOf(full).catch(() => null);
      if (!s?.isDirectory()) continue;
      if (s.dev !== parentDev) found.push(full);
      else if (depth > 0) await visit(full, depth - 1);
    }
  };
  // /media/<user>/<label> is two levels down; /mnt/<name> one.
  for (const root of roots) await visit(root, 1);
  return found;
}
