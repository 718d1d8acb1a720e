/** Latency samples in milliseconds, and their percentiles. */
export class LatencySamples {
  readonly #values: number[] = [];

  /** Times one awaited operation. */
  async time(operation: () => Promise<unknown>): Promise<void> {
    const start = process.hrtime.bigint();
    await operation();
    this.#values.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  add(value: number): void {
    this.#values.push(value);
  }

  values(): readonly number[] {
    return this.#values;
  }

  get count(): number {
    return this.#values.length;
  }

  /** Nearest-rank percentile, p in (0, 100]. */
  percentile(p: number): number {
    if (this.#values.length === 0) throw new Error('no samples');
    const sorted = [...this.#values].sort((a, b) => a - b);
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
  }
}
