/**
 * The text layer of the launch plan (native/PLAN.md): TAB-separated fields, one directive
 * per line, and exactly three escapes inside a field. Kept apart from launch-plan.ts so the
 * mapping from spec to directives reads without escaping noise.
 */
export const PLAN_VERSION = 1;

export function escapeField(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n');
}

export class PlanWriter {
  private readonly lines: string[] = [`berth-plan\t${PLAN_VERSION}`];

  directive(name: string, ...fields: (string | number)[]): this {
    this.lines.push([name, ...fields.map((field) => escapeField(String(field)))].join('\t'));
    return this;
  }

  /** A `0`/`1` directive, written only when set, so the shim's default stays visible. */
  flag(name: string, value: boolean | undefined): this {
    return value ? this.directive(name, 1) : this;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
