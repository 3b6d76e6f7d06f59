/** One labelled value in a {@link FactList}. */
export interface Fact {
  label: string;
  value: string;
  /** Identifiers and paths read better, and copy more reliably, in a fixed-width face. */
  mono?: boolean;
}
