/** The parts of an Express request the audit needs: the method and the route's pattern (not the filled-in URL). */
export interface RoutedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
}

/** Why a read happened, for the audit log: `GET /api/policies/:policyNumber`. */
export function routeOf(req: RoutedRequest): string {
  return `${req.method} ${req.baseUrl ?? ''}${req.route?.path ?? ''}`;
}
