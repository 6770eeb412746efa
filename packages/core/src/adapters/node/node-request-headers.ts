import type { IncomingMessage } from 'node:http';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// What `Headers` refuses in a value (NUL, CR, LF); three `includes` scans are cheaper than a regular
// expression on the long Cookie values every protected call looks up.
function unrepresentable(value: string): boolean {
  return value.includes('\n') || value.includes('\r') || value.includes('\0');
}

/**
 * What a `Headers` object filled from `raw` (`IncomingMessage.rawHeaders`) answers to `get(name)`,
 * read from the raw list: the value, `null` when absent, or `undefined` when only the filled object
 * can tell (a name that is not a token, or a value `Headers` would refuse).
 */
export function lookupRawHeader(raw: readonly string[], name: string): string | null | undefined {
  if (!TOKEN.test(name)) return undefined;
  const wanted = name.toLowerCase();
  // Fetch joins repeated fields with `, `, except Cookie, whose values it joins with `; `.
  const separator = wanted === 'cookie' ? '; ' : ', ';
  let found: string | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const key = raw[i] as string;
    if (key.length !== wanted.length || key.toLowerCase() !== wanted) continue;
    // A value Headers would refuse makes the filled object differ: let it decide.
    const value = (raw[i + 1] as string).trim();
    if (unrepresentable(value)) return undefined;
    found = found === null ? value : `${found}${separator}${value}`;
  }
  return found;
}

/**
 * The request's `Headers`, filled from `IncomingMessage.rawHeaders` only when something needs more
 * than `get`/`has`: the common case (a block reading its session cookie) costs a scan of the raw
 * list instead of building and validating a full `Headers` object. Lookups answer exactly what the
 * filled object would (a property test holds them equal), and it is a real `Headers` instance.
 *
 * The class extends the global `Headers`, so it is defined on first use: naming `Headers` makes Node
 * load its bundled fetch implementation, which a server whose blocks never ask for a request's
 * `Headers` need not load at start.
 */
export function nodeRequestHeaders(req: IncomingMessage): Headers {
  defined ??= defineNodeRequestHeaders();
  return new defined(req);
}

let defined: (new (req: IncomingMessage) => Headers) | undefined;

function defineNodeRequestHeaders(): new (req: IncomingMessage) => Headers {
  return class NodeRequestHeaders extends Headers {
    #raw: string[] | null;

    constructor(req: IncomingMessage) {
      super();
      this.#raw = req.rawHeaders;
    }

    #fill(): void {
      const raw = this.#raw;
      if (raw === null) return;
      this.#raw = null;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        try {
          super.append(raw[i] as string, raw[i + 1] as string);
        } catch {
          // A header the Fetch standard refuses to represent is left out.
        }
      }
    }

    #lookup(name: string): string | null | undefined {
      const raw = this.#raw;
      return raw === null ? undefined : lookupRawHeader(raw, name);
    }

    override get(name: string): string | null {
      const found = this.#lookup(name);
      if (found !== undefined) return found;
      this.#fill();
      return super.get(name);
    }

    override has(name: string): boolean {
      const found = this.#lookup(name);
      if (found !== undefined) return found !== null;
      this.#fill();
      return super.has(name);
    }

    override append(name: string, value: string): void {
      this.#fill();
      super.append(name, value);
    }

    override set(name: string, value: string): void {
      this.#fill();
      super.set(name, value);
    }

    override delete(name: string): void {
      this.#fill();
      super.delete(name);
    }

    override getSetCookie(): string[] {
      this.#fill();
      return super.getSetCookie();
    }

    override forEach(
      callback: (value: string, key: string, parent: Headers) => void,
      thisArg?: unknown,
    ): void {
      this.#fill();
      super.forEach(callback, thisArg);
    }

    override entries(): HeadersIterator<[string, string]> {
      this.#fill();
      return super.entries();
    }

    override keys(): HeadersIterator<string> {
      this.#fill();
      return super.keys();
    }

    override values(): HeadersIterator<string> {
      this.#fill();
      return super.values();
    }

    override [Symbol.iterator](): HeadersIterator<[string, string]> {
      this.#fill();
      return super[Symbol.iterator]();
    }
  };
}
