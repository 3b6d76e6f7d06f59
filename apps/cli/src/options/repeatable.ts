/** Commander's collector for a flag given several times (`-e A=1 -e B=2`). */
export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
