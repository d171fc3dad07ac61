import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
// The one module of functions/ the CDK app imports: it holds the site's layout and policies, and imports nothing.
import {
  ASSET_VERSION_PARAMETER,
  CONTENT_SECURITY_POLICY,
  NOT_FOUND_PAGE,
} from '../functions/core/site-contract.ts';
import type { DomainSetting } from './publisher-settings.ts';
import { VIEWER_REQUEST_CODE } from './viewer-request.ts';

/** What every bucket of the stack is: private, encrypted at rest, reachable over TLS 1.2 or later only. */
export const PRIVATE_BUCKET = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} as const satisfies s3.BucketProps;

export interface SiteHostingProps {
  /** Receives CloudFront standard logs and S3 server access logs. */
  readonly logBucket: s3.IBucket;
  readonly domain?: DomainSetting;
  /** How long replaced and deleted site objects stay recoverable. Default 30 days. */
  readonly keepOldVersions?: Duration;
}

/** How long CloudFront keeps a 404 before asking the bucket again. */
export const NOT_FOUND_TTL = Duration.minutes(1);

/**
 * A name for a CloudFront resource. CloudFront is global: a policy, function or origin access control
 * named after the construct path alone collides when the same stack is deployed in a second region, so
 * the region is part of the name (the stack name already is, through the path).
 */
function regionalName(scope: Construct, id: string, maxLength: number): string {
  const suffix = `-${id}-`;
  const base = Names.uniqueResourceName(scope, { maxLength: maxLength - suffix.length - MAX_REGION_LENGTH });
  return `${base}${suffix}${Stack.of(scope).region}`;
}

/** The longest AWS region name has 14 characters (ap-southeast-5); leave room for longer ones. */
const MAX_REGION_LENGTH = 20;

/** The private site bucket and the CloudFront distribution that is the only way to read it. */
export class SiteHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** Public URL of the site, ending in `/`. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: SiteHostingProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A bad publish, or a mistaken delete, can be rolled back object by object.
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: props.keepOldVersions ?? Duration.days(30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 's3/site/',
      // Subscribers' URLs point here: deleting the stack must not delete the site. A creation that rolls
      // back has published nothing anyone subscribed to, so it removes the bucket instead of orphaning it.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    const rewrite = new cloudfront.Function(this, 'PathRewrite', {
      functionName: regionalName(this, 'PathRewrite', 64),
      comment: 'sigcal: folder URLs to index.html; gzip feeds for clients that accept it; hide sync state',
      code: cloudfront.FunctionCode.fromInline(VIEWER_REQUEST_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    // Objects carry their own Cache-Control (pages 5 min, feeds 15 min, assets 1 h); CloudFront follows it.
    // Pages link assets as `sigcal.css?v=<hash>`: `v` must be in the key, or a new stylesheet would be
    // served from the old cache entry for up to an hour. Every other query string is ignored.
    const cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      cachePolicyName: regionalName(this, 'CachePolicy', 128),
      comment: 'sigcal: follow the objects Cache-Control; only the asset version ?v= in the key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.minutes(5),
      maxTtl: Duration.days(1),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.allowList(ASSET_VERSION_PARAMETER),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: regionalName(this, 'Headers', 128),
      comment: 'sigcal: strict CSP, HSTS, nosniff, referrer policy, no framing; Vary: Accept-Encoding',
      // A feed URL answers plain or gzip by the request's Accept-Encoding (see viewer-request.ts): shared
      // caches between CloudFront and the client must key on it too.
      customHeadersBehavior: {
        customHeaders: [{ header: 'Vary', value: 'Accept-Encoding', override: false }],
      },
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'sigcal calendar site',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      // Contributors and subscribers are worldwide; the price difference at this traffic is cents.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
      // A path the site does not have: S3 answers 403 through OAC (CloudFront may not list the bucket),
      // 404 otherwise; both become the site's own 404 page, with status 404. Cached briefly, so a page
      // published a minute later is found.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: `/${NOT_FOUND_PAGE}`,
        ttl: NOT_FOUND_TTL,
      })),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessControl: new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
            originAccessControlName: regionalName(this, 'OriginAccessControl', 64),
            description: 'sigcal: CloudFront reads the private site bucket',
          }),
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        compress: true,
        cachePolicy,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: rewrite }],
      },
    });

    this.siteUrl = `https://${props.domain?.name ?? this.distribution.distributionDomainName}/`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The site publishes a public community meeting calendar meant for contributors in every country; ' +
          'there is no jurisdiction to restrict.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The origin is a private S3 bucket of static files reachable only through this distribution (OAC), ' +
          'with GET/HEAD only and no query strings, cookies or dynamic code; Shield Standard covers volumetric ' +
          'attacks. A WAF web ACL ($5/month + per-rule and per-request fees) would cost more than the whole ' +
          'stack and has nothing to filter; add one through webAclId if your organisation requires it.',
      },
    );
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain the distribution serves the *.cloudfront.net certificate, for which ' +
          'CloudFront does not allow choosing a security policy. Configure domainName and certificateArn ' +
          'to get the TLSv1.2_2021 minimum, which this stack then sets.',
      });
    }
  }
}
