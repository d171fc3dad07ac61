/*
 * Reads iCalendar files with libical (a second, independent reader next to ical.js) and reports every
 * problem it finds: the parser's X-LIC-ERROR properties, icalrestriction_check's (for a calendar with
 * METHOD, RFC 5546 iTIP rules), and RFC 5545's property counts in VCALENDAR and VEVENT.
 *
 *   libical-check FILE...
 *
 * For each file, prints `FILE: ok, N events` or one `FILE: PROBLEM` line per problem. Exits 0 only if
 * every file is a single VCALENDAR that libical parsed and checked without a problem. Compiled by
 * test/unit/libical.test.ts with `cc libical-check.c $(pkg-config --cflags --libs libical)`.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t size = 0, cap = 1 << 16;
  char *text = malloc(cap + 1);
  size_t n;
  while (text && (n = fread(text + size, 1, cap - size, f)) > 0) {
    size += n;
    if (size == cap) {
      cap *= 2;
      char *bigger = realloc(text, cap + 1);
      if (!bigger) free(text);
      text = bigger;
    }
  }
  fclose(f);
  if (text) text[size] = '\0';
  return text;
}

/* Prints every X-LIC-ERROR property in `comp` and its subcomponents; returns how many. */
static int report_errors(const char *path, icalcomponent *comp) {
  int count = 0;
  for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
    char *line = icalproperty_as_ical_string_r(p);
    /* One line per problem: undo the folding and drop the CRLF that libical writes. */
    char *to = line;
    for (const char *c = line; *c; c++) {
      if (*c == '\r') continue;
      if (*c == '\n') {
        if (c[1] == ' ' || c[1] == '\t') c++;
        continue;
      }
      *to++ = *c;
    }
    *to = '\0';
    printf("%s: in %s: %s\n", path, icalcomponent_kind_to_string(icalcomponent_isa(comp)), line);
    free(line);
    count++;
  }
  for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT))
    count += report_errors(path, c);
  return count;
}

/*
 * Without METHOD, libical 3.0's restriction table checks nothing in a VEVENT, so the cardinalities of
 * RFC 5545 3.6 (VCALENDAR) and 3.6.1 (VEVENT; DTSTART is required where there is no METHOD) are
 * checked here. Returns the number of problems.
 */
static int count_is(const char *path, icalcomponent *comp, icalproperty_kind kind, int min, int max) {
  int n = icalcomponent_count_properties(comp, kind);
  if (n >= min && n <= max) return 0;
  printf("%s: a %s with %d %s properties (RFC 5545 allows %d to %d)\n", path,
         icalcomponent_kind_to_string(icalcomponent_isa(comp)), n, icalproperty_kind_to_string(kind), min,
         max);
  return 1;
}

static int check_cardinality(const char *path, icalcomponent *calendar) {
  int problems = count_is(path, calendar, ICAL_PRODID_PROPERTY, 1, 1) +
                 count_is(path, calendar, ICAL_VERSION_PROPERTY, 1, 1) +
                 count_is(path, calendar, ICAL_CALSCALE_PROPERTY, 0, 1) +
                 count_is(path, calendar, ICAL_METHOD_PROPERTY, 0, 1);
  static const icalproperty_kind once[] = {
      ICAL_DTSTAMP_PROPERTY, ICAL_UID_PROPERTY, ICAL_DTSTART_PROPERTY};
  static const icalproperty_kind at_most_once[] = {
      ICAL_CLASS_PROPERTY,    ICAL_CREATED_PROPERTY,  ICAL_DESCRIPTION_PROPERTY,  ICAL_GEO_PROPERTY,
      ICAL_LASTMODIFIED_PROPERTY, ICAL_LOCATION_PROPERTY, ICAL_ORGANIZER_PROPERTY, ICAL_PRIORITY_PROPERTY,
      ICAL_SEQUENCE_PROPERTY, ICAL_STATUS_PROPERTY,   ICAL_SUMMARY_PROPERTY,      ICAL_TRANSP_PROPERTY,
      ICAL_URL_PROPERTY,      ICAL_RECURRENCEID_PROPERTY, ICAL_DTEND_PROPERTY, ICAL_DURATION_PROPERTY};
  for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    for (size_t i = 0; i < sizeof once / sizeof once[0]; i++) problems += count_is(path, e, once[i], 1, 1);
    for (size_t i = 0; i < sizeof at_most_once / sizeof at_most_once[0]; i++)
      problems += count_is(path, e, at_most_once[i], 0, 1);
    if (icalcomponent_count_properties(e, ICAL_DTEND_PROPERTY) > 0 &&
        icalcomponent_count_properties(e, ICAL_DURATION_PROPERTY) > 0) {
      printf("%s: a VEVENT with both DTEND and DURATION\n", path);
      problems++;
    }
  }
  return problems;
}

static int check(const char *path) {
  char *text = read_file(path);
  if (!text) {
    printf("%s: cannot read the file\n", path);
    return 1;
  }
  icalcomponent *root = icalparser_parse_string(text);
  free(text);
  if (!root) {
    printf("%s: libical parsed no component\n", path);
    return 1;
  }
  int problems = 0;
  if (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
    printf("%s: the file is not one VCALENDAR but %s\n", path,
           icalcomponent_kind_to_string(icalcomponent_isa(root)));
    problems++;
  } else {
    problems += check_cardinality(path, root);
    /* Adds an X-LIC-ERROR property to each component that breaks a rule, reported below. */
    if (!icalrestriction_check(root)) {
      problems++;
      printf("%s: icalrestriction_check failed\n", path);
    }
  }
  problems += report_errors(path, root);
  if (problems == 0)
    printf("%s: ok, %d events\n", path, icalcomponent_count_components(root, ICAL_VEVENT_COMPONENT));
  icalcomponent_free(root);
  return problems > 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: libical-check FILE...\n");
    return 2;
  }
  icalerror_set_errors_are_fatal(0);
  int failed = 0;
  for (int i = 1; i < argc; i++) failed |= check(argv[i]);
  return failed;
}
