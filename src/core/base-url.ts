import { NugenError } from "./errors.js";
import { DEFAULT_BASE_URL } from "./options.js";

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const SHAPE = `a base URL looks like ${DEFAULT_BASE_URL} (https://, a host, an optional port and path; http:// only on localhost)`;

/**
 * The base URL every path is appended to, refused unless it is an https (or loopback http)
 * origin with an optional path: the key must not travel in clear text, and a query or a
 * fragment would break every path. Messages never print a user name or password, nor a query.
 */
export function checkedBaseUrl(raw: unknown): string {
  if (typeof raw !== "string")
    throw new NugenError(`Invalid baseUrl: expected a string, got ${raw === null ? "null" : typeof raw}; ${SHAPE}.`);
  if (raw === "") throw new NugenError(`Invalid baseUrl: it is empty; ${SHAPE}.`);
  // Checked before anything is printed: what precedes an "@" may be a password.
  if (raw.includes("@")) {
    throw new NugenError(
      `Invalid baseUrl "…@${raw.slice(raw.lastIndexOf("@") + 1)}": it holds a user name or password (user:password@), which the SDK never sends; the key goes in apiKey, and ${SHAPE}.`,
    );
  }
  if (/[\s\u0000-\u001f\u007f]/.test(raw))
    throw new NugenError(`Invalid baseUrl ${JSON.stringify(raw)}: it holds a space or control character; ${SHAPE}.`);
  for (const [mark, part] of [
    ["?", "a query (?...)"],
    ["#", "a fragment (#...)"],
  ] as const) {
    const at = raw.indexOf(mark);
    if (at !== -1)
      throw new NugenError(
        `Invalid baseUrl "${raw.slice(0, at)}…": it holds ${part}, which would break every path; ${SHAPE}.`,
      );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
  // `localhost:4010` parses as the scheme "localhost:": say what is missing.
  if (scheme === undefined || /^[a-z][a-z0-9+.-]*:\d+(\/|$)/i.test(raw)) {
    throw new NugenError(
      `Invalid baseUrl ${JSON.stringify(raw)}: the scheme is missing; write https://${raw} (or http://${raw} on localhost).`,
    );
  }
  if (!/^https?$/i.test(scheme))
    throw new NugenError(`Refusing baseUrl ${JSON.stringify(raw)}: the scheme ${scheme}: is not supported; ${SHAPE}.`);
  let url: URL | undefined;
  try {
    url = raw.slice(scheme.length + 1).startsWith("//") ? new URL(raw) : undefined;
  } catch {
    // Said below, as a URL without "//".
  }
  if (!url?.hostname)
    throw new NugenError(
      `Invalid baseUrl ${JSON.stringify(raw)}: expected an absolute URL such as ${DEFAULT_BASE_URL}; ${SHAPE}.`,
    );
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.test(url.hostname)) {
    throw new NugenError(
      `Refusing baseUrl ${url.origin}: the API key would travel in clear text. Use https:// (plain http:// is allowed only for localhost).`,
    );
  }
  return raw.replace(/\/+$/, "");
}
