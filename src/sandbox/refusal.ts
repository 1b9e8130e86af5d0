/**
 * An error answer: FastAPI's `{"detail": ...}` with a status. Kept apart from the router so
 * that state and inference code can refuse without importing the HTTP layer above them.
 */
export class Refusal {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function refuse(status: number, detail: unknown, headers?: Record<string, string>): Refusal {
  return new Refusal(status, detail, headers);
}
