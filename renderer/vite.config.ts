/* eslint-disable no-restricted-imports -- this file runs in Node at build time; it is never bundled into the page */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The CSP meta tag in index.html forbids inline scripts, which the dev server's React refresh
 * preamble needs. Only `vite` (serve) drops it; the build, which Electron and web-host load,
 * keeps it.
 */
function dropCspInDev(): Plugin {
  return {
    name: 'opendispense:drop-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/** Where scripts/make-prompts.ts writes the spoken prompts (git-ignored, made before each build). */
const AUDIO_DIR = join(import.meta.dirname, '..', 'assets', 'audio');
/** The same shape renderer/audio/prompt-manifest.ts validates in full; the build needs only the files. */
const PROMPT_FILE = /^[a-z]{2}\/[a-z0-9_-]+\.wav$/;

/**
 * The files assets/audio/manifest.json lists, or null without a usable manifest. Kept local
 * (rather than importing the manifest module) because Vite's config loader is moving to native
 * Node resolution, which needs file extensions in relative imports and the project writes none.
 */
function promptFiles(): string[] | null {
  const path = join(AUDIO_DIR, 'manifest.json');
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      prompts?: Record<string, { file?: unknown }>;
    };
    const files = Object.values(manifest.prompts ?? {}).map((entry) => entry.file);
    return files.every((file): file is string => typeof file === 'string' && PROMPT_FILE.test(file))
      ? files
      : null;
  } catch {
    return null;
  }
}

/**
 * Puts the spoken prompts into the renderer: `vite build` emits every file the manifest lists as
 * dist/renderer/audio/<language>/<prompt>.wav (only listed files, so a stray WAV never ships),
 * and the dev server serves them under the same path. Without them the build warns (the kiosk
 * still works, in text only) and fails under CI=true, where a kiosk must not ship mute.
 */
function spokenPrompts(required = process.env.CI === 'true'): Plugin {
  return {
    name: 'opendispense:spoken-prompts',
    configureServer(server) {
      server.middlewares.use('/audio/', (req, res, next) => {
        const file = join(AUDIO_DIR, normalize(decodeURIComponent(req.url?.split('?')[0] ?? '')));
        if (!file.startsWith(AUDIO_DIR + sep) || !file.endsWith('.wav') || !existsSync(file)) {
          next();
          return;
        }
        res.setHeader('content-type', 'audio/wav');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      const complain = (message: string) => {
        if (required) this.error(message);
        else this.warn(`${message}; this build shows text only`);
      };
      const files = promptFiles();
      if (!files) {
        complain('no spoken prompts: run `npm run prompts` (needs espeak-ng) before the build');
        return;
      }
      for (const file of files) {
        const path = join(AUDIO_DIR, file);
        if (!existsSync(path)) {
          complain(`${file} is in the prompt manifest but not on disk: run \`npm run prompts\``);
          continue;
        }
        this.emitFile({ type: 'asset', fileName: `audio/${file}`, source: readFileSync(path) });
      }
    },
  };
}

// Run from the repository root: `vite build --config renderer/vite.config.ts`.
export default defineConfig({
  root: import.meta.dirname,
  // Relative URLs so the same build works from file:// (Electron) and from web-host's http://.
  base: './',
  plugins: [react(), dropCspInDev(), spokenPrompts()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No data: URIs: the CSP allows images only from 'self'.
    assetsInlineLimit: 0,
    // The polyfill is for old browsers; Electron's Chromium and the e2e Chromium support modulepreload.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
