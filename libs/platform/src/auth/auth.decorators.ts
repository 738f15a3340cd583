import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../http/http-request';
import type { Principal, Role } from './principal';

export const IS_PUBLIC = 'omni:auth:public';
export const REQUIRED_ROLES = 'omni:auth:roles';
export const LOCATION_SELECTOR = 'omni:auth:location-selector';

/**
 * Picks the location id(s) a request acts on, from the raw request (guards run before the
 * validation pipe). Return a string, an array of strings or undefined; other values are ignored
 * and left for validation to reject.
 */
export type LocationSelector = (req: HttpRequest) => unknown;

/** Lets a route through without a token (health, metrics). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (method-level overrides class-level). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The route acts on the locations the selector picks; store principals must hold each of them. */
export const LocationScoped = (selector: LocationSelector): MethodDecorator & ClassDecorator =>
  SetMetadata(LOCATION_SELECTOR, selector);

/** The verified principal; undefined only on @Public() routes. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<HttpRequest>().principal,
);
