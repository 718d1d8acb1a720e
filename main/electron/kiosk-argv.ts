/**
 * Chromium and Node switches that Electron, a desktop launcher or Playwright (`--inspect=0
 * --remote-debugging-port=0`) put on the command line; they are not kiosk options.
 */
const FOREIGN_SWITCHES: ReadonlyArray<RegExp> = [
  /^--inspect(-brk)?(=|$)/,
  /^--remote-debugging-(port|pipe)(=|$)/,
  /^--no-sandbox$/,
  /^--disable-gpu(-sandbox)?$/,
  /^--enable-logging(=|$)/,
  /^--(enable|disable)-features=/,
  /^--ozone-platform(-hint)?=/,
  /^--use-gl=/,
  /^--user-data-dir=/,
  /^--lang=/,
  /^--v=/,
];

/**
 * The kiosk's own arguments out of Electron's process.argv. A packaged app is `[exe, ...args]`;
 * in development it is `[electron, ...switches, appPath, ...args]`. Everything after a `--` is
 * taken as is.
 */
export function kioskArgv(argv: readonly string[], packaged: boolean): string[] {
  const separator = argv.indexOf('--');
  if (separator >= 0) return argv.slice(separator + 1);
  let rest = argv.slice(1);
  if (!packaged) {
    const appPath = rest.findIndex((arg) => !arg.startsWith('-'));
    rest = appPath < 0 ? [] : rest.slice(appPath + 1);
  }
  return rest.filter((arg) => !FOREIGN_SWITCHES.some((pattern) => pattern.test(arg)));
}
