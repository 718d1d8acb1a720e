import type { PrinterStatusView } from '../../../../contracts/technician/printer';

/**
 * The printer as a technician sees it from the front: the lid raised when the cover is open, the
 * paper strip coming out long (paper loaded), short (running low) or not at all (out), and a
 * cross over it when it does not answer. One image named with the same words as the list beside it.
 */
export function PrinterPicture({ status, label }: { status: PrinterStatusView; label: string }) {
  const answering = status.reach === 'answering';
  const coverOpen = answering && status.cover === 'open';
  const paper = answering ? status.paper : null;
  const stripHeight = paper === 'ok' ? 34 : paper === 'near_end' ? 14 : 0;
  return (
    <svg
      className="tech-printer__picture"
      viewBox="0 0 120 110"
      role="img"
      aria-label={label}
      data-cover={coverOpen ? 'open' : 'closed'}
      data-paper={paper ?? ''}
    >
      {stripHeight > 0 && (
        <g className="tech-printer__paper">
          <rect x="38" y={44 - stripHeight} width="44" height={stripHeight + 4} />
          <line x1="44" y1={50 - stripHeight} x2="76" y2={50 - stripHeight} />
        </g>
      )}
      <g
        className="tech-printer__lid"
        style={{
          transform: coverOpen ? 'rotate(-35deg)' : 'none',
          transformOrigin: '18px 48px',
        }}
      >
        <rect x="16" y="40" width="88" height="12" rx="4" />
      </g>
      <rect className="tech-printer__body" x="10" y="52" width="100" height="48" rx="8" />
      <circle className="tech-printer__led" cx="92" cy="88" r="5" />
      {paper === 'out' && (
        <text x="60" y="82" textAnchor="middle" className="tech-printer__mark">
          0
        </text>
      )}
      {!answering && status.reach !== 'unknown' && (
        <path className="tech-printer__cross" d="M20 20 L100 100 M100 20 L20 100" />
      )}
    </svg>
  );
}
