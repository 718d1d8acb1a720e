/** The site's allowed cabinet temperature band, °C (site config `temperatureBandC`). */
export interface TemperatureBand {
  readonly min: number;
  readonly max: number;
}

/** How far `temperatureC` lies outside the band, °C; 0 inside it (the limits count as inside). */
export function degreesOutside(temperatureC: number, band: TemperatureBand): number {
  if (temperatureC > band.max) return temperatureC - band.max;
  if (temperatureC < band.min) return band.min - temperatureC;
  return 0;
}

export const isOutsideBand = (temperatureC: number, band: TemperatureBand): boolean =>
  degreesOutside(temperatureC, band) > 0;
