/** `key` (the label is set, to anything) or `key=value`, as `docker volume ls --filter label=` takes them. */
export interface LabelFilter {
  key: string;
  value?: string;
}

export function parseLabelFilters(filters: readonly string[] = []): LabelFilter[] {
  return filters.map((filter) => {
    const at = filter.indexOf('=');
    return at < 0 ? { key: filter } : { key: filter.slice(0, at), value: filter.slice(at + 1) };
  });
}

/** Whether the labels satisfy every filter. */
export function matchesLabels(labels: Record<string, string>, filters: readonly LabelFilter[]): boolean {
  return filters.every((filter) => Object.hasOwn(labels, filter.key) && (filter.value === undefined || labels[filter.key] === filter.value));
}
