import { conversionInstants } from './conversion.ts';
import { all, el } from './dom.ts';
import { meetingOf, nextDate, nextOf, occurrencesOf, type View } from './view.ts';

/** A group page: each meeting's next date in the viewer's zone; an unscheduled one's time converted. */
export function renderGroupPage(view: View): void {
  for (const target of all<HTMLElement>('[data-next-for]')) {
    const key = target.dataset.nextFor ?? '';
    const { next, cancelledBefore } = nextOf(occurrencesOf(view, key), view.now);
    if (!next) {
      target.replaceChildren(el('span', { class: 'muted' }, 'No more meetings in the published calendar.'));
      continue;
    }
    target.replaceChildren('Next: ', ...nextDate(view, next, cancelledBefore));
  }
  for (const target of all<HTMLElement>('[data-convert-for]')) {
    const meeting = meetingOf(view, target.dataset.convertFor ?? '');
    if (!meeting) continue;
    const text = view.formats.describeConversion(conversionInstants(meeting, view.now));
    target.replaceChildren(
      ': in ',
      el('span', { 'data-zone-name': '' }, view.zone),
      ' that is ',
      el('strong', {}, text),
    );
  }
}
