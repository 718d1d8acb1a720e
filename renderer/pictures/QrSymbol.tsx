/** A stylised QR code (three finder squares and a few modules) drawn inside a 21 × 21 grid. */
const MODULES: ReadonlyArray<readonly [number, number]> = [
  [9, 1],
  [11, 2],
  [9, 4],
  [12, 5],
  [10, 7],
  [8, 8],
  [10, 9],
  [13, 9],
  [1, 9],
  [3, 10],
  [5, 9],
  [2, 12],
  [6, 11],
  [9, 11],
  [11, 12],
  [14, 11],
  [16, 9],
  [18, 10],
  [19, 12],
  [9, 14],
  [11, 15],
  [14, 14],
  [16, 14],
  [18, 16],
  [13, 17],
  [15, 18],
  [10, 18],
  [12, 19],
  [17, 19],
  [19, 18],
  [15, 16],
  [9, 17],
];

function Finder({ x, y }: { x: number; y: number }) {
  return (
    <g>
      <rect x={x} y={y} width={7} height={7} fill="#1c1c1c" />
      <rect x={x + 1} y={y + 1} width={5} height={5} fill="#ffffff" />
      <rect x={x + 2} y={y + 2} width={3} height={3} fill="#1c1c1c" />
    </g>
  );
}

export function QrSymbol({ x, y, size }: { x: number; y: number; size: number }) {
  return (
    <g transform={`translate(${x} ${y}) scale(${size / 21})`}>
      <rect width={21} height={21} fill="#ffffff" />
      <Finder x={0} y={0} />
      <Finder x={14} y={0} />
      <Finder x={0} y={14} />
      {MODULES.map(([mx, my]) => (
        <rect key={`${mx}-${my}`} x={mx} y={my} width={1.05} height={1.05} fill="#1c1c1c" />
      ))}
    </g>
  );
}
