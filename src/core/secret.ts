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
  const holdsKey = (text: string) => value.length >= MIN_SCRUB_LENGTH && text.includes(value);
  const scrub = (text: string) => (holdsKey(text) ? text.split(value).join(MASK) : text);
  const scrubDeep = <T>(input: T): T =>
    typeof input === "string" ? (scrub(input) as T) : scrubbedGraph(input, holdsKey, scrub);
  // The key is a non-enumerable property so util.inspect and JSON.stringify of the holder skip it.
  const secret = { scrub, scrubDeep } as Secret;
  Object.defineProperty(secret, "value", { value, enumerable: false });
  return secret;
}

/** One part of a container: a property (its name and descriptor), an element, or a Map's entry. */
interface Part {
  key: unknown;
  value: unknown;
  descriptor?: PropertyDescriptor;
}

function isContainer(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  return !(ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Blob);
}

/** What a container holds: elements, entries, or own properties (an Error's message and stack too). */
function partsOf(container: object): Part[] {
  if (Array.isArray(container)) return container.map((value, index) => ({ key: index, value }));
  if (container instanceof Map) return [...container].map(([key, value]) => ({ key, value }));
  if (container instanceof Set) return [...container].map((value) => ({ key: undefined, value }));
  if (container instanceof Headers) return [...container].map(([key, value]) => ({ key, value }));
  if (container instanceof Error) {
    // `stack` may be an accessor: its value is read, and the copy holds it as data.
    return Object.getOwnPropertyNames(container).map((key) => {
      const { enumerable } = Object.getOwnPropertyDescriptor(container, key) as PropertyDescriptor;
      const value = (container as unknown as Record<string, unknown>)[key];
      return { key, value, descriptor: { value, enumerable, writable: true, configurable: true } };
    });
  }
  return Object.keys(container).map((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(container, key) as PropertyDescriptor;
    return { key, value: descriptor.value, descriptor };
  });
}

function emptyCopyOf(container: object): object {
  if (Array.isArray(container)) return [];
  if (container instanceof Map) return new Map();
  if (container instanceof Set) return new Set();
  if (container instanceof Headers) return new Headers();
  // The prototype is kept, so a scrubbed Error is still `instanceof` its class.
  return Object.create(Object.getPrototypeOf(container));
}

function put(copy: object, key: unknown, value: unknown, descriptor: PropertyDescriptor | undefined): void {
  if (Array.isArray(copy)) copy[key as number] = value;
  else if (copy instanceof Map) copy.set(key, value);
  else if (copy instanceof Set) copy.add(value);
  else if (copy instanceof Headers) copy.append(key as string, value as string);
  else
    Object.defineProperty(
      copy,
      key as string,
      descriptor && "value" in descriptor
        ? { ...descriptor, value }
        : (descriptor ?? { value, enumerable: true, writable: true, configurable: true }),
    );
}

/**
 * `input` with the key masked in every string and property name it holds, at any depth and
 * through cycles. Containers that hold no key, directly or below, are kept as they are (not
 * copied); the others are copied with their prototype. Loops, not recursion: a body nested
 * 100,000 deep is walked like a flat one.
 */
function scrubbedGraph<T>(input: T, holdsKey: (text: string) => boolean, scrub: (text: string) => string): T {
  if (!isContainer(input)) return input;
  // Every container reachable, with who holds it; those that hold the key themselves.
  const holders = new Map<object, object[]>([[input, []]]);
  const dirty = new Set<object>();
  const parts = new Map<object, Part[]>();
  for (const pending: object[] = [input]; pending.length > 0; ) {
    const container = pending.pop() as object;
    const own = partsOf(container);
    parts.set(container, own);
    for (const { key, value } of own) {
      if ((typeof key === "string" && holdsKey(key)) || (typeof value === "string" && holdsKey(value)))
        dirty.add(container);
      for (const inner of [key, value]) {
        if (!isContainer(inner)) continue;
        const known = holders.get(inner);
        if (known) known.push(container);
        else {
          holders.set(inner, [container]);
          pending.push(inner);
        }
      }
    }
  }
  if (dirty.size === 0) return input;
  // Whoever holds a container with the key holds the key too.
  for (const pending = [...dirty]; pending.length > 0; ) {
    for (const holder of holders.get(pending.pop() as object) ?? []) {
      if (!dirty.has(holder)) {
        dirty.add(holder);
        pending.push(holder);
      }
    }
  }
  const copies = new Map<object, object>();
  for (const container of dirty) copies.set(container, emptyCopyOf(container));
  const cleaned = (inner: unknown) =>
    typeof inner === "string" ? scrub(inner) : isContainer(inner) ? (copies.get(inner) ?? inner) : inner;
  for (const [container, copy] of copies) {
    for (const { key, value, descriptor } of parts.get(container) ?? [])
      put(copy, cleaned(key), cleaned(value), descriptor);
  }
  return copies.get(input) as T;
}
