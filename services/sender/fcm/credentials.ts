import { applicationDefault, cert } from 'firebase-admin/app';
import { staticAccessToken, type AccessTokenFetcher } from './access-token';
import type { FcmCredentialSource } from './settings';

/**
 * The OAuth2 token source for a credential setting, through firebase-admin's credentials (which sign
 * the service-account JWT and call Google's token endpoint) or a fixed token for local fakes.
 */
export function accessTokenFetcher(source: FcmCredentialSource): AccessTokenFetcher {
  switch (source.kind) {
    case 'static_token':
      return staticAccessToken(source.token);
    case 'service_account_file':
      return cert(source.path);
    case 'application_default':
      return applicationDefault();
  }
}
