/** How a state reads at a glance in a {@link StatusBadge}: healthy, needs a look, at rest, or broken. */
export type BadgeTone = 'ok' | 'warn' | 'idle' | 'failing';
