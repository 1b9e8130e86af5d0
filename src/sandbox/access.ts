/**
 * Who may call the sandbox. It accepts any key by default, so a web page open in the
 * developer's browser must not reach it: browsers get CORS only for pages on this machine
 * (and the origins the developer adds), and a request addressed to a name other than a
 * loopback one is refused, as a DNS-rebinding page addresses its own name.
 */

/** localhost, 127.0.0.0/8 or ::1 (bracketed, as in a URL or a Host header). */
const LOOPBACK_NAME = String.raw`(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])`;
const LOOPBACK_HOST_HEADER = new RegExp(`^${LOOPBACK_NAME}(?::\\d+)?$`, "i");
const LOOPBACK_ORIGIN = new RegExp(`^https?://${LOOPBACK_NAME}(?::\\d+)?$`, "i");

/** Whether an interface to listen on is this machine's alone. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOST_HEADER.test(host) || host === "::1";
}

/** An origin as browsers send it (`https://app.example.com:8443`), from one written with or without a default port or a final slash. */
export function parseOrigin(origin: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(origin);
  } catch {}
  const isOrigin =
    parsed &&
    /^https?:$/.test(parsed.protocol) &&
    parsed.pathname === "/" &&
    !origin.includes("?") &&
    !origin.includes("#") &&
    !parsed.username &&
    !parsed.password;
  if (!parsed || !isOrigin) {
    throw new TypeError(
      `corsOrigins: ${JSON.stringify(origin)} is not an origin; write http or https, a host and an optional port, such as https://app.example.com or http://devbox.lan:3000.`,
    );
  }
  return parsed.origin;
}

export interface Access {
  /** The origin to allow for this request's Origin header, or undefined for none (and the request is refused). */
  allowedOrigin(origin: string): string | undefined;
  /** Whether a request naming this Host is answered; a request without one (HTTP/1.0) is. */
  allowedHost(host: string | undefined): boolean;
}

export function accessFor(options: { corsOrigins?: string[]; allowAnyHost?: boolean }): Access {
  const added = new Set((options.corsOrigins ?? []).map(parseOrigin));
  return {
    allowedOrigin: (origin) => (LOOPBACK_ORIGIN.test(origin) || added.has(origin) ? origin : undefined),
    allowedHost: (host) => options.allowAnyHost === true || host === undefined || LOOPBACK_HOST_HEADER.test(host),
  };
}

export const FOREIGN_ORIGIN = (origin: string) =>
  `Origin ${origin} is not allowed: the sandbox answers web pages on localhost, 127.0.0.1 and [::1] only. Start it with --cors-origin ${origin} (the corsOrigins option) to let this one in.`;

export const FOREIGN_HOST = (host: string) =>
  `Host ${host} is not allowed: the sandbox answers requests addressed to localhost, 127.0.0.1 and [::1] only, so that a web page cannot reach it under another name (DNS rebinding). To serve other machines, start it with --host 0.0.0.0 and --sandbox-key (the host and apiKeys options).`;
