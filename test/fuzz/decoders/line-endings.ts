import { CR, LF } from '../../../hardware/scanner/protocol';

/**
 * Counts the bytes of a CR-terminated stream that carry nothing (scanner.md §2): every CR, and
 * an LF right after a CR. Keeps the "previous byte was CR" state across chunks, as the framers do.
 */
export class LineEndingCounter {
  private afterCr = false;

  count(chunk: Uint8Array): number {
    if (chunk.length === 0) return 0;
    let n = 0;
    if (this.afterCr && chunk[0] === LF) n++;
    // indexOf is native: the streams here are mostly long runs without a CR.
    for (let at = chunk.indexOf(CR); at !== -1; at = chunk.indexOf(CR, at + 1)) {
      n++;
      if (chunk[at + 1] === LF) n++;
    }
    this.afterCr = chunk[chunk.length - 1] === CR;
    return n;
  }
}
