/**
 * A thermometer drawn in SVG: the tube filled up to the cabinet temperature, the allowed band as
 * a shaded stretch beside it and the setpoint as a tick, so a technician sees at a glance whether
 * the cabinet is in its band. The words beside it carry the same facts for screen readers.
 */
export function Thermometer({
  temperatureC,
  setpointC,
  band,
  label,
}: {
  temperatureC: number | null;
  setpointC: number | null;
  band: { minC: number; maxC: number };
  /** The picture's accessible name, in the technician's language. */
  label: string;
}) {
  const known = [band.minC, band.maxC, temperatureC, setpointC].filter(
    (v): v is number => v !== null,
  );
  // The scale covers the band with room on both sides, and any reading outside it.
  const low = Math.floor((Math.min(...known) - 5) / 5) * 5;
  const high = Math.ceil((Math.max(...known) + 5) / 5) * 5;
  const top = 10;
  const bottom = 150;
  const y = (c: number) => bottom - ((c - low) / (high - low)) * (bottom - top);
  // Round steps (5, 10, 20 °C), at most about six labels.
  const step = [5, 10, 20, 50].find((s) => (high - low) / s <= 6) ?? 100;
  const ticks: number[] = [];
  for (let c = Math.ceil(low / step) * step; c <= high; c += step) ticks.push(c);
  const outside = temperatureC !== null && (temperatureC < band.minC || temperatureC > band.maxC);
  return (
    <svg
      className="dispenser-thermometer"
      data-outside-band={String(outside)}
      viewBox="0 0 120 190"
      role="img"
      aria-label={label}
    >
      <rect
        className="dispenser-thermometer__band"
        x="58"
        y={y(band.maxC)}
        width="10"
        height={y(band.minC) - y(band.maxC)}
      />
      <rect
        className="dispenser-thermometer__tube"
        x="30"
        y={top - 6}
        width="20"
        height={bottom - top + 20}
        rx="10"
      />
      <circle className="dispenser-thermometer__bulb" cx="40" cy="166" r="17" />
      {temperatureC !== null && (
        <rect
          className="dispenser-thermometer__fill"
          x="35"
          y={y(temperatureC)}
          width="10"
          height={166 - y(temperatureC)}
        />
      )}
      {setpointC !== null && (
        <path
          className="dispenser-thermometer__setpoint"
          d={`M 24 ${y(setpointC)} L 56 ${y(setpointC)}`}
        />
      )}
      {ticks.map((c) => (
        <g key={c}>
          <path className="dispenser-thermometer__tick" d={`M 70 ${y(c)} L 78 ${y(c)}`} />
          <text className="dispenser-thermometer__label" x="82" y={y(c) + 5}>
            {c}
          </text>
        </g>
      ))}
    </svg>
  );
}
