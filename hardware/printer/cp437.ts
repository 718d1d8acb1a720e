import CodepageEncoder from '@point-of-sale/codepage-encoder';

/**
 * Code page PC437, the project's printer code page (printer.md §5 "Text"). The table comes from
 * the encoder library's own code page module, so the label encoder, the simulator's decoder and
 * the bytes on the wire can never disagree.
 *
 * Positions 0x00–0x1F hold glyphs (☺, •, ♪ …) in the table, but on the wire they are control
 * bytes (LF, ESC, GS …): text is never sent there, and the decoder never renders them.
 */
const CP437_CODEPOINTS: readonly number[] = CodepageEncoder.getEncoding('cp437').codepoints;

/** First byte of the printable range; below it are control bytes. */
const FIRST_PRINTABLE = 0x20;

/** Unicode code point → PC437 byte, printable positions only. */
const ENCODABLE: ReadonlyMap<number, number> = new Map(
  CP437_CODEPOINTS.map((cp, byte) => [cp, byte] as const).filter(
    ([, byte]) => byte >= FIRST_PRINTABLE,
  ),
);

/** Decodes printable PC437 bytes to text. Control bytes (never text) become U+FFFD. */
export function decodeCp437(bytes: Iterable<number>): string {
  let out = '';
  for (const byte of bytes) {
    const cp = byte >= FIRST_PRINTABLE && byte <= 0xff ? CP437_CODEPOINTS[byte] : undefined;
    out += cp === undefined ? '\ufffd' : String.fromCodePoint(cp);
  }
  return out;
}

/** True when PC437 can print this character as it is. */
export function isCp437Printable(char: string): boolean {
  const cp = char.codePointAt(0);
  return cp !== undefined && ENCODABLE.has(cp);
}

/**
 * Characters PC437 lacks whose closest ASCII form Unicode normalisation does not give. Typography
 * first (translations are full of it), then Latin letters without a decomposition.
 */
const ASCII_FALLBACK: ReadonlyMap<string, string> = new Map([
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['\u201a', "'"],
  ['\u201b', "'"],
  ['\u2032', "'"],
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['\u201e', '"'],
  ['\u201f', '"'],
  ['\u2033', '"'],
  ['\u2010', '-'],
  ['\u2011', '-'],
  ['\u2012', '-'],
  ['\u2013', '-'],
  ['\u2014', '-'],
  ['\u2015', '-'],
  ['\u2212', '-'],
  ['\u2022', '*'],
  ['\u2023', '>'],
  ['\u2026', '...'],
  ['\u2039', '<'],
  ['\u203a', '>'],
  ['\u00d7', 'x'],
  ['\u20ac', 'EUR'],
  ['\u2116', 'No'],
  ['\u0141', 'L'],
  ['\u0142', 'l'],
  ['\u00d8', 'O'],
  ['\u00f8', 'o'],
  ['\u0110', 'D'],
  ['\u0111', 'd'],
  ['\u00d0', 'D'],
  ['\u00f0', 'd'],
  ['\u00de', 'Th'],
  ['\u00fe', 'th'],
  ['\u0131', 'i'],
  ['\u0152', 'OE'],
  ['\u0153', 'oe'],
  ['\u0126', 'H'],
  ['\u0127', 'h'],
  ['\u014a', 'N'],
  ['\u014b', 'n'],
]);

/** Combining marks that NFKD splits off a base letter. */
const COMBINING = /\p{M}/gu;
/** C0/C1 controls and DEL: never printed as text (an ESC in a field would be a printer command). */
function isControl(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/**
 * Text → text PC437 can print: characters it has stay (é stays é), others become their closest
 * ASCII form (curly quotes → straight, "ő" → "o", "œ" → "oe"), anything left becomes "?".
 * Control characters become spaces, so a field can never smuggle a command to the printer.
 * Scripts with no Latin form (Amharic, Devanagari, Arabic …) cannot be printed in PC437 and
 * come out as "?"; see the printer layer's notes.
 */
export function toCp437Text(text: string): string {
  let out = '';
  for (const char of text) {
    if (isControl(char)) {
      out += ' ';
    } else if (isCp437Printable(char)) {
      out += char;
    } else {
      out += fallbackFor(char);
    }
  }
  return out;
}

function fallbackFor(char: string): string {
  const mapped = ASCII_FALLBACK.get(char);
  if (mapped !== undefined) return mapped;
  // NFKD gives "o" + combining mark for "ő", "fi" for "ﬁ", "TM" for "™", " " for thin spaces.
  const decomposed = char.normalize('NFKD').replace(COMBINING, '');
  if (decomposed.length > 0 && decomposed !== char && [...decomposed].every(isCp437Printable)) {
    return decomposed;
  }
  return '?';
}
