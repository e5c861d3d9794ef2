import { fcmErrors, type FcmError } from './fcm-errors';

export interface FcmAuthConfig {
  /** OAuth2 access tokens the fake accepts as `Authorization: Bearer <token>`. */
  acceptedTokens: readonly string[];
  /** Tokens treated as expired (401 like any invalid credential). */
  expiredTokens?: readonly string[];
  /** Project ids that exist; any project when absent. Others get 403 PERMISSION_DENIED. */
  projects?: readonly string[];
}

/** Checks the bearer token and project as Google's front end does; null when allowed. Pure. */
export function checkFcmAuth(
  authorization: string | undefined,
  project: string,
  config: FcmAuthConfig,
  isIssuedToken: (token: string) => boolean = () => false,
): FcmError | null {
  if (!authorization) return fcmErrors.missingCredential();
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return fcmErrors.missingCredential();
  const token = match[1]!;
  if (config.expiredTokens?.includes(token)) return fcmErrors.invalidCredential();
  if (!config.acceptedTokens.includes(token) && !isIssuedToken(token)) return fcmErrors.invalidCredential();
  if (config.projects && !config.projects.includes(project)) return fcmErrors.permissionDenied(project);
  return null;
}
