/** Counts and rate on one rewritten stderr line, only when stderr is a terminal. */
export interface Progress {
  tick(label?: string): void;
  done(): void;
}

export function createProgress(
  total: number,
  options: { write: (text: string) => void; enabled: boolean; noun: string },
): Progress {
  const { write, enabled, noun } = options;
  const started = performance.now();
  let count = 0;
  let lastDraw = 0;
  const draw = () => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? count / seconds : 0;
    const width = 24;
    const filled = total > 0 ? Math.round((count / total) * width) : 0;
    write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${count}/${total} ${noun} ${rate.toFixed(1)}/s `,
    );
  };
  return {
    tick() {
      count += 1;
      if (!enabled) return;
      const now = performance.now();
      if (now - lastDraw > 100 || count === total) {
        lastDraw = now;
        draw();
      }
    },
    done() {
      if (enabled) {
        draw();
        write('\n');
      }
    },
  };
}

/** A terminal sparkline of counts: ▁▂▃▄▅▆▇█. */
export function sparkline(values: readonly number[]): string {
  const bars = '▁▂▃▄▅▆▇█';
  const max = Math.max(0, ...values);
  return values
    .map((value) => (max === 0 ? bars[0] : bars[Math.min(7, Math.floor((value / max) * 7.999))]))
    .join('');
}
