/**
 * The URL of an operation: the base URL, the spec's path template with each parameter
 * path-encoded (model ids may start with `-` or hold `/`), and the query as openapi-fetch
 * writes it (`form` style: a list repeats its name). Undefined values are left out.
 */
export function operationUrl(
  baseUrl: string,
  template: string,
  path?: Record<string, unknown>,
  query?: Record<string, unknown>,
): string {
  let url =
    baseUrl +
    (path ? template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(path[name]))) : template);
  if (query) {
    let search = "";
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value])
        search += `${search ? "&" : "?"}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    }
    url += search;
  }
  return url;
}
