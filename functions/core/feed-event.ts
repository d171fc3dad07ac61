import type { Budgeted } from './feed-budget.ts';
import type { EventTemplate } from './ical/event.ts';
import type { Occurrence } from './occurrences.ts';

/**
 * One occurrence's VEVENT as the feeds hold it: what the budget counts (its start and octets), with its
 * text rendered only when a feed showing it is written. Held as text from the start of a build to the
 * last feed showing it, a large site's events filled the heap (45 MB at 5,000 meetings), which the
 * collector copied again and again and the process paid for in fresh memory. Each feed that keeps it
 * says so ({@link keep}); its text is rendered once and kept only until every such feed has taken it,
 * so a meeting's feed and its group's (written one after the other) share one rendering.
 */
export class FeedEvent implements Budgeted {
  readonly start: number;
  readonly bytes: number;
  /** Feeds that keep it and have not taken its text yet. */
  private takers = 0;
  private kept: string | null = null;

  constructor(
    private readonly template: EventTemplate,
    readonly uid: string,
    private readonly occurrence: Occurrence,
  ) {
    this.start = occurrence.start;
    this.bytes = template.bytes(uid, occurrence.cancelled);
  }

  /** A feed keeps this event: it will take its text once. */
  keep(): void {
    this.takers += 1;
  }

  /** The VEVENT, for one feed that keeps it. */
  text(): string {
    const { occurrence: o } = this;
    const text = this.kept ?? this.template.text(this.uid, o.start, o.end, o.cancelled);
    if (this.takers > 0) this.takers -= 1;
    this.kept = this.takers > 0 ? text : null;
    return text;
  }
}
