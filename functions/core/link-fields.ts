import { cleanedMessage, cleanText, isPlaceholder } from './clean-text.ts';
import { quoted, type SourceLocation } from './errors.ts';
import { isEmailAddress, safeHttpUrl, safeMailtoUrl } from './safe-url.ts';
import type { FieldText } from './sigs-file.ts';

/**
 * The fields that say where to join and whom to ask (meeting links, contact), never when. A fault in
 * one leaves that value out with a warning naming the field and what was wrong; it never costs a
 * meeting its place. What is left out never becomes an href.
 */

/** Reports a warning at a field. */
export type Warn = (at: SourceLocation, message: string) => void;

/**
 * The value of an optional field, cleaned, when `accept` takes it; otherwise null, with a warning
 * (placeholders, invisible characters that cannot be removed, values `accept` refuses).
 */
function optionalValue(
  field: FieldText | undefined,
  warn: Warn,
  what: { readonly noun: string; readonly rule: string },
  accept: (text: string) => string | undefined,
): string | null {
  if (!field) return null;
  const cleaned = cleanText(field.text, 'link');
  const text = cleaned.text.trim();
  if (cleaned.unsafe) {
    warn(field.at, `${quoted(text)} has ${cleaned.unsafe} inside, which cannot be removed safely; left out`);
    return null;
  }
  if (cleaned.changes.length > 0 && text === '') {
    warn(field.at, `${cleanedMessage(cleaned)}, so there is no ${what.noun}`);
    return null;
  }
  // Empty (`""`) is how YAML says "nothing here", like null: absent, and nothing to fix.
  if (text === '') return null;
  if (isPlaceholder(text)) {
    warn(field.at, `${quoted(text)} is a placeholder, not a ${what.noun}; left out`);
    return null;
  }
  const value = accept(text);
  if (value === undefined) {
    warn(field.at, `${quoted(text)} is not ${what.rule}; left out`);
    return null;
  }
  if (cleaned.changes.length > 0) warn(field.at, cleanedMessage(cleaned));
  return value;
}

/** A meeting link (`url`, `archive_url`…): an absolute http(s) URL, normalised, or null. */
export function readLink(field: FieldText | undefined, warn: Warn): string | null {
  return optionalValue(field, warn, { noun: 'link', rule: 'an http(s) URL' }, safeHttpUrl);
}

/**
 * `contact.mailing_list` as written (cleaned): an http(s) or `mailto:` URL, which pages link, or a plain
 * e-mail address, which they show; or null.
 */
export function readMailingList(field: FieldText | undefined, warn: Warn): FieldText | null {
  const rule = 'a mailing list (use an http(s) URL, a mailto: URL or an e-mail address)';
  const text = optionalValue(field, warn, { noun: 'mailing list', rule }, (t) =>
    safeHttpUrl(t) || safeMailtoUrl(t) || isEmailAddress(t) ? t : undefined,
  );
  return field && text !== null ? { text, at: field.at } : null;
}

/** `contact.slack`, a channel name shown as text (cleaned), or null. */
export function readSlack(field: FieldText | undefined, warn: Warn): FieldText | null {
  const text = optionalValue(field, warn, { noun: 'Slack channel', rule: 'a Slack channel' }, (t) => t);
  return field && text !== null ? { text, at: field.at } : null;
}
