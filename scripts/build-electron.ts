/**
 * `npm run build:electron`: bundles the Electron shell with esbuild.
 *   main/electron/main.ts    → dist/electron/main.cjs     (the whole kiosk main process)
 *   main/electron/preload.ts → dist/electron/preload.cjs  (self-contained: a sandboxed preload can
 *                                                            require nothing but 'electron')
 * Native modules stay external: electron-builder ships them in node_modules (asarUnpack) and
 * rebuilds them for Electron's ABI. The renderer is built separately by Vite (build:renderer).
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '..');

/** Loaded at run time from node_modules, never bundled. */
export const EXTERNAL_MODULES = [
  'electron',
  // native addons (.node binaries) and their optional helpers
  'serialport',
  '@serialport/*',
  'node-hid',
  'usb',
  'bufferutil',
  'utf-8-validate',
  '*.node',
];

/** Electron 40 runs Node 22 or later. */
const NODE_TARGET = 'node22';

/**
 * Sources are ESM and read files relative to themselves (`new URL('../package.json',
 * import.meta.url)`), but in a CommonJS bundle import.meta is empty. So each of our own files gets
 * the URL it has in the app tree: dist/electron/*.cjs sits two levels below the app root, in the
 * repository and inside app.asar alike, and such relative reads keep working. Dependencies
 * bundled from node_modules get the bundle's own location (the `define` below).
 */
export function sourceImportMeta(root: string): Plugin {
  return {
    name: 'opendispense:source-import-meta',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const fromRoot = JSON.stringify(relative(root, args.path).split(sep).join('/'));
        return {
          loader: args.path.endsWith('x') ? 'tsx' : 'ts',
          contents: source
            .replaceAll('import.meta.url', `__opendispense_source_url(${fromRoot})`)
            .replaceAll('import.meta.dirname', `__opendispense_source_dirname(${fromRoot})`)
            .replaceAll('import.meta.filename', `__opendispense_source_filename(${fromRoot})`),
        };
      });
    },
  };
}

/**
 * esbuild options for the preload. A sandboxed preload has no __filename and can require only
 * 'electron' and a few shims, so it gets none of the import.meta plumbing and no externals but
 * electron; buildElectron checks that.
 */
export function preloadBundleOptions(root: string, entry: string, name: string): BuildOptions {
  return {
    entryPoints: [join(root, entry)],
    outfile: join(root, 'dist', 'electron', `${name}.cjs`),
    external: ['electron'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  };
}

const BANNER = [
  'const __opendispense_source_filename = (p) => require("path").join(__dirname, "..", "..", p);',
  'const __opendispense_source_dirname = (p) => require("path").dirname(__opendispense_source_filename(p));',
  'const __opendispense_source_url = (p) => require("url").pathToFileURL(__opendispense_source_filename(p)).href;',
  'const __opendispense_bundle_url = require("url").pathToFileURL(__filename).href;',
].join('\n');

/** esbuild options for the main-process bundle written to `<root>/dist/electron/<name>.cjs`. */
export function electronBundleOptions(
  root: string,
  entry: string,
  name: string,
  external: string[],
): BuildOptions {
  return {
    ...preloadBundleOptions(root, entry, name),
    external,
    plugins: [sourceImportMeta(root)],
    // What is left of import.meta (in bundled dependencies) describes the bundle itself.
    define: {
      'import.meta.url': '__opendispense_bundle_url',
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
    },
    banner: { js: BANNER },
  };
}

/** What a bundle still requires at run time (its externals), as the written output says. */
export function externalImports(metafile: Metafile | undefined): string[] {
  if (!metafile) throw new Error('esbuild returned no metafile');
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) found.add(imported.path);
  }
  return [...found].sort();
}

export async function buildElectron(
  root: string = REPO_ROOT,
): Promise<{ mainExternals: string[] }> {
  const main = await build(
    electronBundleOptions(root, 'main/electron/main.ts', 'main', EXTERNAL_MODULES),
  );
  const preload = await build(preloadBundleOptions(root, 'main/electron/preload.ts', 'preload'));
  // A sandboxed preload that requires anything else fails only at run time, in the kiosk window.
  const preloadExternals = externalImports(preload.metafile).filter((path) => path !== 'electron');
  if (preloadExternals.length > 0) {
    throw new Error(`preload must be self-contained but requires: ${preloadExternals.join(', ')}`);
  }
  return { mainExternals: externalImports(main.metafile) };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  buildElectron()
    .then(({ mainExternals }) => {
      process.stdout.write(
        `built dist/electron/main.cjs (run-time requires: ${mainExternals.join(', ')}) and dist/electron/preload.cjs\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
