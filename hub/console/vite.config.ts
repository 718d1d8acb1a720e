import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repository root: `npm run build:console` (vite build --config hub/console/vite.config.ts).
// The hub serves the output at /console/ (hub/pharmacy/console-static.ts); nothing is fetched from
// the network at run time, so the build inlines nothing from a CDN and uses only system fonts.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No data: URIs for assets: the CSP allows data: only for the QR images the API returns.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
