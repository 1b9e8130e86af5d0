/**
 * Holds the API key and removes it from any text or value that could reach a caller:
 * error messages, bodies the server echoed back, headers, log lines.
 */
export interface Secret {
  readonly value: string;
  scrub(text: string): string;
  scrubDeep<T>(value: T): T;
}

const MASK = "[redacted]";
// Too short a key would turn ordinary words into "[redacted]"; real keys are long.
const MIN_SCRUB_LENGTH = 4;

export function createSecret(value: string): Secret {
  const scrub = (text: string) => (value.length >= MIN_SCRUB_LENGTH && text.includes(value) ? text.split(value).join(MASK) : text);
  const scrubDeep = <T>(input: T): T => {
    if (typeof input === "string") return scrub(input) as T;
    if (Array.isArray(input)) return input.map(scrubDeep) as T;
    if (input && typeof input === "object") {
      return Object.fromEntries(Object.entries(input).map(([k, v]) => [scrub(k), scrubDeep(v)])) as T;
    }
    return input;
  };
  // The key is a non-enumerable property so util.inspect and JSON.stringify of the holder skip it.
  const secret = { scrub, scrubDeep } as Secret;
  Object.defineProperty(secret, "value", { value, enumerable: false });
  return secret;
}
