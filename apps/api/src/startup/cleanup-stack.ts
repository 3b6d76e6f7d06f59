/**
 * What start-up has made so far, undone in reverse order on failure or shutdown, so
 * a failed start leaves nothing running and nothing half-made.
 */
export class CleanupStack {
  private readonly steps: { name: string; undo: () => Promise<void> | void }[] = [];

  defer(name: string, undo: () => Promise<void> | void): void {
    this.steps.push({ name, undo });
  }

  /** Runs every step even when one fails; returns the failures for the caller to report. */
  async unwind(): Promise<{ name: string; error: unknown }[]> {
    const failures: { name: string; error: unknown }[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        failures.push({ name: step.name, error });
      }
    }
    return failures;
  }
}
