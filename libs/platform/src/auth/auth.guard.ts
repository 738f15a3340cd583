import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '@omni/contracts';
import { AppConfig } from '../config/app-config';
import { requestContext } from '../context/request-context';
import type { HttpRequest } from '../http/http-request';
import { forbiddenProblem, unauthorizedProblem } from './access-problems';
import { IS_PUBLIC, LOCATION_SELECTOR, REQUIRED_ROLES, type LocationSelector } from './auth.decorators';
import { assertLocationAccess, selectedLocationIds } from './location-access';
import type { Principal, Role } from './principal';
import { verifyTokenCached } from './token';

/**
 * The one place authorisation happens for HTTP: token, then role, then location scope, all as
 * declared on the route. Every route is closed unless it says @Public().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // Event handlers in a hybrid app are not called by a user; their trust comes from the log.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<HttpRequest>();
    const principal = this.authenticate(req);
    req.principal = principal;
    requestContext.assign({ actor: actorOf(principal) });

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw forbiddenProblem(`role "${principal.role}" may not call this route`);
    }
    const selector = this.reflector.getAllAndOverride<LocationSelector | undefined>(LOCATION_SELECTOR, targets);
    if (selector)
      for (const locationId of selectedLocationIds(selector(req))) assertLocationAccess(principal, locationId);
    return true;
  }

  private authenticate(req: HttpRequest): Principal {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw unauthorizedProblem('an Authorization: Bearer token is required, exactly "Bearer <token>"');
    const verified = verifyTokenCached(token, this.config.JWT_SECRET);
    if (!verified.ok) throw unauthorizedProblem(verified.reason);
    return verified.principal;
  }
}

// RFC 6750 credentials: the scheme, one space, one b64token. Anything after it ("Bearer <t> junk"),
// doubled or odd whitespace, or a second token is refused rather than ignored.
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/** The token of a well-formed `Authorization: Bearer <token>` header, else undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

function actorOf({ sub, channel, locations }: Principal): Actor {
  return {
    principal: sub,
    ...(channel ? { channel } : {}),
    // A principal tied to exactly one store acts for that store; with several, the use case says which.
    ...(locations.length === 1 ? { locationId: locations[0] } : {}),
  };
}
