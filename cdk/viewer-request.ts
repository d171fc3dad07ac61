import { STATE_DIR } from '../functions/core/site-contract.ts';

/**
 * The CloudFront Function (cloudfront-js-2.0) run on every viewer request. S3 REST origins behind OAC
 * have no index documents, so folder URLs are mapped here:
 * - `/sig-node/` → `/sig-node/index.html` (the default root object only covers `/`);
 * - `/sig-node` (last segment without a dot) → 301 to `/sig-node/`, so relative links resolve;
 * - any path with a `.sigcal` segment (the sync's bookkeeping, stored beside the site) → 404, judged
 *   after the path is percent-decoded (`%2e`, `%2F`) and normalised (doubled slashes, `.` and `..`)
 *   as the origin would read it; a path that does not decode → 400.
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
  return request;
}
`;
