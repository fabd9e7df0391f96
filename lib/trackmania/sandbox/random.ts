/**
 * Seeded randomness for the sandbox world. Everything the sandbox invents comes from here, keyed by
 * (seed, purpose), so a value never depends on what was asked before it: the leaderboard of map A is
 * the same whether or not map B was read first. `Math.random` is never used.
 */

/** 32-bit FNV-1a over a string, mixed with a seed; used to derive independent stream seeds. */
export function hashString(text: string, seed = 0): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return mix32(hash);
}

/** Finaliser of murmur3: spreads nearby inputs (counters, small seeds) over the whole 32-bit range. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) that is a pure function of (seed, key, index): for per-request decisions. */
export function uniformAt(seed: number, key: string, index: number): number {
  return mix32(hashString(key, seed) ^ mix32(index + 0x9e3779b9)) / 4294967296;
}

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Lowercase hex string of the given length. */
  hex(length: number): string;
  /** A UUID v4-looking string (what Nadeo uses for account, map and zone ids). */
  uuid(): string;
}

/** sfc32: small, fast, passes PractRand for the sizes used here, and its state is four numbers. */
export function createRandom(seed: number, key = ""): Random {
  const base = hashString(key, seed);
  let a = mix32(base ^ 0x9e3779b9);
  let b = mix32(base ^ 0x243f6a88);
  let c = mix32(base ^ 0xb7e15162);
  let d = 1;

  function nextUint(): number {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  }
  // Discard the first outputs: sfc32 needs a few rounds before nearby seeds diverge.
  for (let i = 0; i < 12; i++) nextUint();

  const random: Random = {
    next: () => nextUint() / 4294967296,
    int: (min, max) => min + Math.floor((nextUint() / 4294967296) * (max - min + 1)),
    chance: (p) => nextUint() / 4294967296 < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor((nextUint() / 4294967296) * items.length)] as T;
    },
    exponential: (mean) => -Math.log(1 - nextUint() / 4294967296) * mean,
    normal: () => {
      const u = 1 - nextUint() / 4294967296;
      const v = nextUint() / 4294967296;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    hex: (length) => {
      let out = "";
      while (out.length < length) out += nextUint().toString(16).padStart(8, "0");
      return out.length === length ? out : out.slice(0, length);
    },
    uuid: () => {
      const a1 = nextUint().toString(16).padStart(8, "0");
      const b1 = nextUint().toString(16).padStart(8, "0");
      const c1 = nextUint().toString(16).padStart(8, "0");
      const d1 = nextUint().toString(16).padStart(8, "0");
      // Version 4, variant 10xx, like the ids Nadeo hands out.
      const variant = "89ab"[parseInt(c1.charAt(0), 16) & 3];
      return `${a1}-${b1.slice(0, 4)}-4${b1.slice(5, 8)}-${variant}${c1.slice(1, 4)}-${c1.slice(4)}${d1}`;
    },
  };
  return random;
}
