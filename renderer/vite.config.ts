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

// Run from the repository root: `vite build --config renderer/vite.config.ts`.
export default defineConfig({
  root: import.meta.dirname,
  // Relative URLs so the same build works from file:// (Electron) and from web-host's http://.
  base: './',
  plugins: [react(), dropCspInDev()],
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
