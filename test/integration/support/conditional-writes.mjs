// Conditional writes for the test S3 server.
//
// s3rver (3.7) ignores `If-None-Match` and `If-Match` on PutObject and `If-Match` on DeleteObject: it
// writes and deletes whatever it is sent. sigcal's lease and sync state depend on those conditions,
// so this small HTTP layer sits in front of s3rver (in its process) and gives them the semantics the
// Amazon S3 API Reference documents for PutObject and DeleteObject:
//
//   PutObject  If-None-Match: *    "Uploads the object only if the object key name does not already
//                                   exist in the bucket specified. Otherwise, Amazon S3 returns a 412
//                                   Precondition Failed error." (any other value: 501 NotImplemented)
//   PutObject  If-Match: <etag>    "Uploads the object only if the ETag (entity tag) value provided
//                                   during the WRITE operation matches the ETag of the object in S3.
//                                   If the ETag values do not match, the operation returns a 412
//                                   Precondition Failed error." With no object at the key, S3 answers
//                                   404 NoSuchKey (User Guide, "Conditional writes").
//   DeleteObject If-Match: <etag>  "Deletes the object if the ETag (entity tag) value provided during
//                                   the delete operation matches the ETag of the object in S3. If the
//                                   ETag values do not match, the operation returns a 412 Precondition
//                                   Failed error." `*` matches any ETag; with no object, 404 NoSuchKey.
//   Both:                          "If a conflicting operation occurs during the upload S3 returns a
//                                   409 ConditionalRequestConflict response." Here: another write or
//                                   delete of the same key completed between the arrival of this
//                                   conditional request and the end of its body.
//
// A condition is evaluated when the whole request has arrived, atomically with the write it guards:
// every write and delete of a key passes through one queue per key, and the current ETag is read from
// s3rver's own record of the object. Reads of a key wait in that queue too, and a write leaves it only
// once s3rver's file holds the whole body: s3rver answers a PutObject before it has finished writing
// the file, in place, so a reader or the next write could meet half of it; S3's writes are atomic.
// Everything else is forwarded untouched (s3rver checks the signature over the original headers, so
// none is removed).
import { readFile, stat } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { join } from 'node:path';

const ERRORS = {
  412: ['PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'],
  409: [
    'ConditionalRequestConflict',
    'A conflicting conditional operation is currently in progress against this resource. Please try again.',
  ],
  404: ['NoSuchKey', 'The specified key does not exist.'],
  501: ['NotImplemented', 'A header you provided implies functionality that is not implemented'],
};

/**
 * Starts the layer on a free loopback port in front of s3rver at `upstreamPort`, which keeps its
 * buckets in `directory`; resolves to its port.
 */
export async function startConditionalWrites(upstreamPort, directory) {
  /** Where s3rver keeps an object's body (its file system store's layout: `<key>._S3rver_object`). */
  const objectFile = (bucket, segments) => {
    const parts = segments.map(decodeURIComponent);
    const last = parts.pop();
    return join(directory, bucket, ...parts, `${last}._S3rver_object`);
  };
  /** The object's ETag, from the MD5 s3rver keeps beside it; null when it keeps none (yet). */
  const recordedEtag = (file) =>
    readFile(`${file}.md5`, 'utf8').then(
      (md5) => md5.trim(),
      (error) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      },
    );
  /** Waits until s3rver's file holds all `size` bytes of the body it acknowledged. */
  const written = async (file, size) => {
    for (let i = 0; i < 5000; i++) {
      const now = await stat(file).catch(() => null);
      if (now?.size === size) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  /** Per key: completed writes and deletes, and the tail of its queue. */
  const keys = new Map();
  const entry = (key) => {
    let e = keys.get(key);
    if (!e) {
      e = { generation: 0, queue: Promise.resolve() };
      keys.set(key, e);
    }
    return e;
  };
  /** Runs `fn` after every earlier write of `key` has finished. */
  const serially = (e, fn) => {
    const run = e.queue.then(fn);
    e.queue = run.catch(() => undefined);
    return run;
  };

  const upstream = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: upstreamPort, method, path, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const fail = (res, status, condition) => {
    const [code, message] = ERRORS[status];
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
        `${condition ? `<Condition>${condition}</Condition>` : ''}<RequestId>conditional-layer</RequestId></Error>`,
    );
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://layer');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const subresource = ['uploadId', 'partNumber', 'uploads', 'tagging', 'acl'].some((q) =>
      url.searchParams.has(q),
    );
    const isObject = rest.join('/') !== '' && !subresource;
    const isWrite = isObject && (req.method === 'PUT' || req.method === 'DELETE');
    const isRead = isObject && (req.method === 'GET' || req.method === 'HEAD');
    const key = `${bucket}/${rest.join('/')}`;
    const file = isObject ? objectFile(bucket, rest) : '';
    const e = isWrite || isRead ? entry(key) : null;
    const arrivedAt = e?.generation ?? 0;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const forward = async () => {
        const answer = await upstream(req.method, req.url, req.headers, body);
        if (isWrite && answer.status < 300) {
          if (req.method === 'PUT' && !req.headers['x-amz-copy-source']) await written(file, body.length);
          e.generation++;
        }
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      };
      const ifNoneMatch = req.headers['if-none-match'];
      const ifMatch = req.headers['if-match'];
      const conditional =
        isWrite && (ifMatch !== undefined || (req.method === 'PUT' && ifNoneMatch !== undefined));
      const done = !e
        ? forward()
        : serially(e, async () => {
            if (!conditional) return forward();
            if (e.generation !== arrivedAt) return fail(res, 409);
            if (ifNoneMatch !== undefined && ifNoneMatch !== '*') return fail(res, 501);
            // An object without a recorded MD5 (copied in by a test) is asked about; s3rver then hashes it.
            let current = await recordedEtag(file);
            if (current === null && (await stat(file).catch(() => null))) {
              const head = await upstream('HEAD', url.pathname, { host: req.headers.host }, undefined);
              current = head.status === 200 ? normalise(head.headers.etag) : null;
            }
            if (ifNoneMatch === '*' && current !== null) return fail(res, 412, 'If-None-Match');
            if (ifMatch !== undefined) {
              if (current === null) return fail(res, 404);
              if (ifMatch.trim() !== '*' && normalise(ifMatch) !== current) return fail(res, 412, 'If-Match');
            }
            return forward();
          });
      done.catch(() => res.destroy());
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** An ETag without quotes or a weak prefix, for comparison. */
function normalise(etag) {
  return String(etag ?? '')
    .trim()
    .replace(/^W\//, '')
    .replace(/^"|"$/g, '');
}
