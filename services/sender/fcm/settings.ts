/** How the FCM sender authenticates: a fixed token (fakes), a service-account file, or ADC. */
export type FcmCredentialSource =
  | { readonly kind: 'static_token'; readonly token: string }
  | { readonly kind: 'service_account_file'; readonly path: string }
  | { readonly kind: 'application_default' };

export interface FcmSettings {
  /** scheme://host[:port] of the FCM HTTP v1 API (https://fcm.googleapis.com, or the fake). */
  readonly baseUrl: string;
  /** Firebase project id (or number): the {project} in /v1/projects/{project}/messages:send. */
  readonly projectId: string;
  readonly credentials: FcmCredentialSource;
  /**
   * Within this many ms of the event the rendered payload goes out untouched (its ttl is still right);
   * later sends (backlog, retries) have android.ttl and webpush TTL rewritten to the time left.
   */
  readonly ttlRewriteAfterMs: number;
}
