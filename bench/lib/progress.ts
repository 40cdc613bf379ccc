/**
 * Progress on stderr for commands that run for tens of seconds: a line when each stage starts
 * (which one of how many, how long it should take), a line every few seconds inside a long stage
 * with what remains, and one at the end. stdout keeps only the figures, so it can be piped.
 *
 *   [bench:ingest +12s] 3/5 saturation run, 15 s
 *   [bench:ingest +17s] 3/5 saturation run: 5 s in, ~10 s left
 */
export class Progress {
  private readonly started = performance.now();
  private stageNumber = 0;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param stages how many stages the command has, when known (shown as `3/5`)
   * @param everyMs how often a long stage says where it is
   */
  constructor(
    private readonly command: string,
    private readonly stages: number | null = null,
    private readonly everyMs = 5000,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  private line(text: string): void {
    this.write(`[${this.command} +${Math.round((performance.now() - this.started) / 1000)}s] ${text}\n`);
  }

  /**
   * A new stage. `seconds`: how long it should take (its remaining time is then shown);
   * `detail`: what to add to each periodic line (a count left, a backlog).
   */
  stage(name: string, options: { seconds?: number; detail?: () => string } = {}): void {
    this.stageNumber++;
    const label = `${this.stages ? `${this.stageNumber}/${this.stages} ` : ''}${name}`;
    this.line(`${label}${options.seconds !== undefined ? `, ${options.seconds} s` : ''}`);
    clearInterval(this.timer);
    const stageStarted = performance.now();
    this.timer = setInterval(() => {
      const elapsed = (performance.now() - stageStarted) / 1000;
      const left = options.seconds !== undefined ? `, ~${Math.max(0, Math.round(options.seconds - elapsed))} s left` : '';
      const detail = options.detail ? `, ${options.detail()}` : '';
      this.line(`${label}: ${Math.round(elapsed)} s in${left}${detail}`);
    }, this.everyMs);
    this.timer.unref();
  }

  /** For loops: `done` of `total` with an estimate of the time left, at most every few seconds. */
  counter(what: string, total: number): (done: number) => void {
    const begun = performance.now();
    let last = begun;
    return (done) => {
      const now = performance.now();
      if (now - last < this.everyMs && done < total) return;
      last = now;
      const perItem = (now - begun) / Math.max(1, done);
      this.line(`${what}: ${done} of ${total}${done < total ? `, ~${Math.round((perItem * (total - done)) / 1000)} s left` : ''}`);
    };
  }

  done(): void {
    clearInterval(this.timer);
    this.line('done');
  }
}
