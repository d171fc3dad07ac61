import { GZIP_VARIANT_SUFFIX, STATE_DIR } from '../functions/core/site-contract.ts';

/** The feeds that have a gzip variant (see `hasGzipVariant` in the site contract). */
const FEED_EXTENSION = '.ics';

/**
 * The CloudFront Function (cloudfront-js-2.0) run on every viewer request. S3 REST origins behind OAC
 * have no index documents, so folder URLs are mapped here:
 * - `/sig-node/` → `/sig-node/index.html` (the default root object only covers `/`);
 * - `/sig-node` (last segment without a dot) → 301 to `/sig-node/`, so relative links resolve;
 * - any path with a `.sigcal` segment (the sync's bookkeeping, stored beside the site) → 404, judged
 *   after the path is percent-decoded (`%2e`, `%2F`) and normalised (doubled slashes, `.` and `..`)
 *   as the origin would read it; a path that does not decode → 400.
 *
 * And feeds are served compressed to the clients that ask for it. CloudFront compresses only the
 * content types on its list, and `text/calendar` is not on it, so the publisher stores a gzip variant
 * beside each feed (`all.ics.gz`, `Content-Encoding: gzip`, the feed's own Content-Type):
 * - `/calendars/all.ics` with an `Accept-Encoding` that accepts gzip → `/calendars/all.ics.gz`. The
 *   rewritten URI is the cache key, so the two forms are cached apart;
 * - without one (no header, `identity`, `gzip;q=0`, only `br`) → the plain feed, unchanged;
 * - `/….gz` asked for directly (in any encoding) → 404: gzip only ever goes to a client that said it
 *   accepts it.
 * Kept as plain ES5-style source because it runs in CloudFront's own JavaScript runtime, not Node.
 */
export const VIEWER_REQUEST_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var decoded;
  try {
    decoded = decodeURIComponent(uri);
  } catch (e) {
    return { statusCode: 400, statusDescription: 'Bad Request' };
  }
  var segments = decoded.replace(/\\\\/g, '/').split('/');
  var path = [];
  for (var i = 0; i < segments.length; i++) {
    var segment = segments[i];
    if (segment === '' || segment === '.') continue;
    if (segment === '..') path.pop();
    else path.push(segment);
  }
  for (var j = 0; j < path.length; j++) {
    if (path[j].toLowerCase() === '${STATE_DIR}') {
      return { statusCode: 404, statusDescription: 'Not Found' };
    }
  }
  if (path.length > 0 && endsWith(path[path.length - 1], '${GZIP_VARIANT_SUFFIX}')) {
    return { statusCode: 404, statusDescription: 'Not Found' };
  }
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: uri + '/' }, 'cache-control': { value: 'public, max-age=3600' } },
    };
  }
  if (endsWith(uri, '${FEED_EXTENSION}') && acceptsGzip(request.headers && request.headers['accept-encoding'])) {
    request.uri = uri + '${GZIP_VARIANT_SUFFIX}';
  }
  return request;
}

function endsWith(text, suffix) {
  return text.length >= suffix.length && text.substring(text.length - suffix.length) === suffix;
}

// RFC 9110 section 12.5.3: a coding is acceptable when it is listed (or "*" is) with a q-value above 0;
// "x-gzip" is an alias of gzip. Repeated headers arrive in multiValue.
function acceptsGzip(header) {
  if (!header) return false;
  var values = [header.value];
  if (header.multiValue) {
    values = [];
    for (var m = 0; m < header.multiValue.length; m++) values.push(header.multiValue[m].value);
  }
  var gzip = -1;
  var any = -1;
  var parts = values.join(',').split(',');
  for (var i = 0; i < parts.length; i++) {
    var params = parts[i].split(';');
    var coding = params[0].trim().toLowerCase();
    var q = 1;
    for (var j = 1; j < params.length; j++) {
      var param = params[j].trim().toLowerCase();
      if (param.indexOf('q=') === 0) {
        q = parseFloat(param.substring(2));
        if (isNaN(q)) q = 0;
      }
    }
    if (coding === 'gzip' || coding === 'x-gzip') gzip = Math.max(gzip, q);
    else if (coding === '*') any = Math.max(any, q);
  }
  if (gzip >= 0) return gzip > 0;
  return any > 0;
}
`;
