import { STATE_DIR } from '../functions/core/site-contract.ts';

/**
 * The CloudFront Function (cloudfront-js-2.0) run on every viewer request. S3 REST origins behind OAC
 * have no index documents, so folder URLs are mapped here:
 * - `/sig-node/` → `/sig-node/index.html` (the default root object only covers `/`);
 * - `/sig-node` (last segment without a dot) → 301 to `/sig-node/`, so relative links resolve;
 * - `/.sigcal/…` (the sync's bookkeeping, stored beside the site) → 404.
 * Kept as plain ES5-style source because it runs in CloudFront's own JavaScript runtime, not Node.
 */
export const VIEWER_REQUEST_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('/${STATE_DIR}/') === 0) {
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
  return request;
}
`;
