/**
 * `npm run restock -- --hardware FILE --slot N SCAN…`: the technician's restock with the kiosk
 * stopped (see RESTOCK_HELP). Each scan is journaled as RESTOCK or RESTOCK_REFUSED; one line per
 * pack goes to stdout, problems that stop the command go to stderr.
 */
import { RESTOCK_EXIT, RESTOCK_HELP, parseRestockArgs, runRestockCommand } from '../main/inventory';

const args = parseRestockArgs(process.argv.slice(2));
if (!args.ok) {
  process.stderr.write(`restock: ${args.error}\nRun with --help for usage.\n`);
  process.exitCode = RESTOCK_EXIT.CANNOT_RUN;
} else if (args.value === 'help') {
  process.stdout.write(`${RESTOCK_HELP}\n`);
} else {
  process.exitCode = await runRestockCommand(args.value, {
    out: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
  });
}
