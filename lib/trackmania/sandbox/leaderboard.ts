import { createRandom, type Random } from "./random";
import type { SandboxMap, World } from "./world";

/**
 * Lazy, deterministic leaderboards.
 *
 * Each map owns one random stream keyed by (seed, map uid). The stream first draws the initial board
 * (records older than the start time), then an endless sequence of events at exponentially distributed
 * instants (mean gap from the map's activity): a new driver, an existing driver improving, or now and
 * then a push at the top (often a new world record). Because the event times and contents depend only
 * on the seed and the map, a board read at time T is the same whatever was read before and whenever it
 * was read: a board is only ever rolled forward, up to the time asked for. Boards nobody reads cost
 * nothing, which keeps `advance()` O(1) on a 20,000-map bench world.
 */

export type RecordEntry = {
  readonly playerIndex: number;
  /** Time in ms. */
  readonly score: number;
  /** Unix seconds when the record was driven. */
  readonly timestamp: number;
  /** Insertion order on this board: the final tie-break, so ordering is total and stable. */
  readonly order: number;
};

type Superseded = { score: number; from: number; to: number };

const DAY_MS = 86_400_000;
/** Share of events that are a push at the top (the top ten improve, often beating the record). */
const TOP_PUSH_SHARE = 0.03;

function compareEntries(a: RecordEntry, b: RecordEntry): number {
  return a.score - b.score || a.timestamp - b.timestamp || a.order - b.order;
}

export class MapLeaderboard {
  /** Sorted by score, then timestamp (earlier first), then insertion order. */
  readonly entries: RecordEntry[] = [];
  private readonly byPlayer = new Map<number, RecordEntry>();
  /** Records replaced by an improvement, kept to answer "as of" questions (the position endpoint's lag). */
  private readonly superseded: Superseded[] = [];
  private readonly random: Random;
  private nextOrder = 0;
  private nextEventAt: number;
  /** The theoretical best: nobody ever drives faster. */
  private readonly floor: number;
  /** Where a perfect first attempt lands; players add a skill-dependent gap to it. */
  private readonly base: number;

  constructor(
    private readonly world: World,
    readonly map: SandboxMap,
  ) {
    this.random = createRandom(world.seed, `board:${map.uid}`);
    this.floor = Math.round(map.authorTime * 0.965);
    this.base = map.authorTime * 0.975;
    this.seedInitialRecords();
    // An official map released after the start time gets its first records from its release on.
    this.nextEventAt = this.drawNextEventAt(Math.max(world.startTime, opensAt(map) * 1000));
  }

  /** Applies every event up to `nowMs` (inclusive). Never goes back. */
  rollForward(nowMs: number): void {
    while (this.nextEventAt <= nowMs) {
      this.applyEvent(this.nextEventAt);
      this.nextEventAt = this.drawNextEventAt(this.nextEventAt);
    }
  }

  recordOf(playerIndex: number): RecordEntry | undefined {
    return this.byPlayer.get(playerIndex);
  }

  /**
   * How many records had a score at most `score` at `atSeconds`. A new record with that score would be
   * ranked after all of them (ties go to the earlier record), so its position is this count + 1.
   */
  countAtOrBelow(score: number, atSeconds?: number): number {
    if (atSeconds === undefined) return upperBoundByScore(this.entries, score);
    let count = 0;
    for (const entry of this.entries) if (entry.score <= score && entry.timestamp <= atSeconds) count++;
    for (const old of this.superseded) if (old.score <= score && old.from <= atSeconds && atSeconds < old.to) count++;
    return count;
  }

  private drawNextEventAt(after: number): number {
    const perDay = this.map.activity.eventsPerDay;
    if (perDay <= 0) return Number.POSITIVE_INFINITY;
    // At least 1 ms later, so two events never share an instant and order stays the stream's order.
    return after + Math.max(1, Math.round(this.random.exponential(DAY_MS / perDay)));
  }

  private firstAttempt(playerIndex: number): number {
    const skill = this.world.players[playerIndex]?.skill ?? 0.5;
    const gap = 0.004 + 0.5 * Math.pow(1 - skill, 1.4) * Math.exp(0.3 * this.random.normal());
    return Math.max(this.floor, Math.round(this.base * (1 + gap)));
  }

  private seedInitialRecords(): void {
    const { map, world } = this;
    const count = Math.min(map.activity.initialRecords, world.driverPool);
    const start = Math.floor(world.startTime / 1000);
    const opened = opensAt(map);
    const span = Math.max(1, start - opened - 1);
    const drivers = pickDistinct(this.random, world.driverPool, count);
    const initial: RecordEntry[] = [];
    const featured = map.featuredDriverIndex;
    for (const playerIndex of drivers) {
      if (playerIndex === featured) continue;
      // Records cluster after release and thin out later (u² leans toward the upload date).
      const u = this.random.next();
      initial.push({ playerIndex, score: this.firstAttempt(playerIndex), timestamp: opened + 1 + Math.floor(u * u * span), order: 0 });
    }
    if (featured !== null) {
      // The well-known top driver: just above the base time, ahead of everyone else's first attempt.
      const score = Math.max(this.floor, Math.round(this.base * (1.0005 + this.random.next() * 0.002)));
      initial.push({ playerIndex: featured, score, timestamp: opened + 1 + Math.floor(this.random.next() * span), order: 0 });
    }
    initial.sort(compareEntries);
    if (map.official?.kind === "season" && initial.length > 0) placeMidPackDriver(world, map, initial, opened, span);
    for (const entry of initial) {
      const ordered = { ...entry, order: this.nextOrder++ };
      this.entries.push(ordered);
      this.byPlayer.set(ordered.playerIndex, ordered);
    }
    this.entries.sort(compareEntries);
  }

  private applyEvent(at: number): void {
    const timestamp = Math.floor(at / 1000);
    const players = this.world.driverPool;
    const u = this.random.next();
    const onBoard = this.entries.length;
    const newDriverShare = 0.65 * (1 - onBoard / players);

    if (u < TOP_PUSH_SHARE && onBoard > 0) {
      // One of the top ten finds time: aim a little below the current record, never below the floor.
      const entry = this.entries[this.random.int(0, Math.min(9, onBoard - 1))] as RecordEntry;
      const record = (this.entries[0] as RecordEntry).score;
      const target = Math.max(this.floor, record - Math.max(1, Math.round((record - this.floor) * this.random.next() * 0.3)));
      if (target < entry.score) this.replace(entry, target, timestamp);
      return;
    }
    if (u < TOP_PUSH_SHARE + newDriverShare) {
      // A new driver: rejection-sample someone not yet on the board (boards are far from full).
      for (let attempt = 0; attempt < 8; attempt++) {
        const playerIndex = this.random.int(0, players - 1);
        if (this.byPlayer.has(playerIndex)) continue;
        this.insert({ playerIndex, score: this.firstAttempt(playerIndex), timestamp, order: this.nextOrder++ });
        return;
      }
      return;
    }
    if (onBoard === 0) return;
    // An existing driver improves by a fraction of what they still have to gain.
    const entry = this.entries[this.random.int(0, onBoard - 1)] as RecordEntry;
    const gain = Math.max(1, Math.round((entry.score - this.floor) * this.random.next() * 0.25));
    const score = entry.score - gain;
    if (score >= this.floor && score < entry.score) this.replace(entry, score, timestamp);
  }

  private replace(old: RecordEntry, score: number, timestamp: number): void {
    const index = this.indexOf(old);
    this.entries.splice(index, 1);
    this.superseded.push({ score: old.score, from: old.timestamp, to: timestamp });
    this.insert({ playerIndex: old.playerIndex, score, timestamp, order: this.nextOrder++ });
  }

  private insert(entry: RecordEntry): void {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareEntries(this.entries[mid] as RecordEntry, entry) <= 0) low = mid + 1;
      else high = mid;
    }
    this.entries.splice(low, 0, entry);
    this.byPlayer.set(entry.playerIndex, entry);
  }

  private indexOf(entry: RecordEntry): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareEntries(this.entries[mid] as RecordEntry, entry) < 0) low = mid + 1;
      else high = mid;
    }
    if (this.entries[low] !== entry) throw new Error("sandbox leaderboard out of order");
    return low;
  }
}

/** Community maps take records from their upload on, official ones from their release. */
function opensAt(map: SandboxMap): number {
  return map.official?.releasedAt ?? map.uploadTimestamp;
}

/**
 * Slots MidPackMia into a seasonal campaign board (sorted, before `order` is assigned) at a rank drawn in
 * 1,200–2,100 (a share of smaller boards), with a time strictly between her neighbours': she has a rank
 * of her own, so a surround or position query around her time is unambiguous.
 */
function placeMidPackDriver(world: World, map: SandboxMap, initial: RecordEntry[], opened: number, span: number): void {
  const random = createRandom(world.seed, `mid-pack:${map.uid}`);
  const size = initial.length;
  const wanted = size > 2_200 ? random.int(1_200, 2_100) : Math.max(1, Math.round(size * (0.5 + random.next() * 0.3)));
  // Index she takes; look outward from it for two neighbours at least 2 ms apart.
  let index = Math.min(size, wanted - 1);
  for (let step = 0; step < size; step++) {
    const candidate = wanted - 1 + (step % 2 === 0 ? step / 2 : -(step + 1) / 2);
    if (candidate < 0 || candidate > size) continue;
    const before = candidate === 0 ? -Infinity : (initial[candidate - 1] as RecordEntry).score;
    const after = candidate === size ? Infinity : (initial[candidate] as RecordEntry).score;
    if (after - before >= 2) {
      index = candidate;
      break;
    }
  }
  const before = index === 0 ? undefined : (initial[index - 1] as RecordEntry).score;
  const after = index === size ? undefined : (initial[index] as RecordEntry).score;
  const score =
    before === undefined ? (after as number) - 1 : after === undefined ? before + 1 + random.int(0, 500) : before + 1 + random.int(0, after - before - 2);
  initial.splice(index, 0, { playerIndex: world.midPackIndex, score, timestamp: opened + 1 + Math.floor(random.next() * span), order: 0 });
}

function upperBoundByScore(entries: readonly RecordEntry[], score: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((entries[mid] as RecordEntry).score <= score) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `count` distinct indexes below `size`: rejection sampling for sparse picks, a partial shuffle for dense ones. */
function pickDistinct(random: Random, size: number, count: number): number[] {
  if (count <= 0) return [];
  if (count * 3 < size) {
    const seen = new Set<number>();
    while (seen.size < count) seen.add(random.int(0, size - 1));
    return [...seen];
  }
  const indexes = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = random.int(i, size - 1);
    [indexes[i], indexes[j]] = [indexes[j] as number, indexes[i] as number];
  }
  return indexes.slice(0, count);
}

/** All boards of a world, created on first read and rolled forward to the time asked for. */
export class Leaderboards {
  private readonly boards = new Map<string, MapLeaderboard>();

  constructor(private readonly world: World) {}

  /** The board of a known map as of `nowMs`; undefined for unknown uids. */
  get(mapUid: string, nowMs: number): MapLeaderboard | undefined {
    let board = this.boards.get(mapUid);
    if (!board) {
      const map = this.world.mapsByUid.get(mapUid);
      if (!map) return undefined;
      board = new MapLeaderboard(this.world, map);
      this.boards.set(mapUid, board);
    }
    board.rollForward(nowMs);
    return board;
  }
}
