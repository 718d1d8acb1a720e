import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ico': 'image/x-icon',
};

/** Reads a file below `root` for a URL path; null for anything outside it or missing. */
export async function readStaticFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; contentType: string } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = join(root, relative);
  if (!full.startsWith(root + sep) || relative.split(/[/\\]/).includes('..')) return null;
  try {
    const body = await readFile(full);
    return { body, contentType: CONTENT_TYPES[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
