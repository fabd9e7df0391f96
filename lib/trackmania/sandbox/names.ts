import type { Random } from "./random";

/**
 * Plausible gamer display names and map names. Word lists are small on purpose: combined with
 * syllables, separators and numbers they give tens of thousands of distinct names, and the odd
 * collision is resolved by the caller with a numeric suffix.
 */

const syllables = [
  "ka", "ro", "mi", "zu", "tek", "nox", "vi", "lo", "dra", "fen", "qua", "ri", "sha", "tor", "vel", "xi",
  "bru", "ko", "ly", "mar", "nek", "ora", "pix", "sol", "tam", "ul", "vor", "wyn", "yo", "zer", "cae", "dex",
];
const adjectives = [
  "Swift", "Lazy", "Turbo", "Silent", "Crispy", "Frozen", "Lucky", "Mighty", "Sneaky", "Hyper", "Dusty",
  "Cosmic", "Salty", "Rusty", "Neon", "Wobbly", "Grumpy", "Shiny", "Feral", "Sleepy", "Atomic", "Spicy",
];
const nouns = [
  "Moose", "Drift", "Pancake", "Falcon", "Nugget", "Badger", "Pixel", "Comet", "Walrus", "Noodle", "Rocket",
  "Otter", "Kebab", "Goblin", "Panda", "Viking", "Wombat", "Toaster", "Lynx", "Cactus", "Penguin", "Waffle",
];
const tags = ["TM", "GG", "xd", "tm", "pro", "YT", "ttv"];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function syllableWord(random: Random, min: number, max: number): string {
  let word = "";
  const count = random.int(min, max);
  for (let i = 0; i < count; i++) word += random.pick(syllables);
  return word;
}

/** One candidate display name; may collide with an earlier one. */
export function generateDisplayName(random: Random): string {
  const style = random.int(0, 7);
  switch (style) {
    case 0:
      return capitalise(syllableWord(random, 2, 3));
    case 1:
      return `${random.pick(adjectives)}${random.pick(nouns)}`;
    case 2:
      return `${random.pick(nouns).toLowerCase()}_${random.int(1, 999)}`;
    case 3:
      return `${capitalise(syllableWord(random, 2, 3))}${random.int(0, 99)}`;
    case 4:
      return `${random.pick(tags)}.${capitalise(syllableWord(random, 2, 2))}`;
    case 5:
      return `xX${random.pick(adjectives)}${random.pick(nouns)}Xx`;
    case 6:
      return `${syllableWord(random, 1, 2)}${random.pick(nouns)}`;
    default:
      return `${random.pick(adjectives)}_${capitalise(syllableWord(random, 1, 2))}`;
  }
}

const mapWords = [
  "Nebula", "Canyon", "Ice", "Palace", "Loop", "Drift", "Spring", "Dirt", "Tech", "Valley", "Skyline", "Rush",
  "Summit", "Harbour", "Circuit", "Glide", "Bobsleigh", "Cascade", "Warp", "Orbit", "Quarry", "Lagoon", "Ember",
  "Meadow", "Tunnel", "Ramp", "Vortex", "Pulse", "Echo", "Gravel", "Bay", "Frost", "Storm", "Neon", "Dune",
];
const mapStylesByWord = ["Tech", "FullSpeed", "Dirt", "Ice", "SpeedTech", "Grass", "Plastic", "Mixed", "RPG", "Nascar"];
export const mapStyles: readonly string[] = mapStylesByWord;

const colourCodes = ["$f00", "$0f0", "$09f", "$fc0", "$f6c", "$fff", "$0ff", "$f80"];
const textCodes = ["$o", "$i", "$s", "$w", "$n", "$t"];

/**
 * A map name, sometimes with Trackmania formatting codes (`$o`, `$i`, three-digit colours, …) the way
 * mappers write them, so clients have to strip or render them.
 */
export function generateMapName(random: Random): string {
  const words = [random.pick(mapWords)];
  if (random.chance(0.7)) words.push(random.pick(mapWords));
  let name = words.join(" ");
  if (random.chance(0.2)) name += ` ${String(random.int(1, 25)).padStart(2, "0")}`;
  if (random.chance(0.1)) name = `${name} ft. ${capitalise(syllableWord(random, 2, 2))}`;
  if (random.chance(0.25)) {
    // Formatting codes: a colour on the first word, or a text style on the whole name.
    name = random.chance(0.5)
      ? `${random.pick(colourCodes)}${words[0]}$z${name.slice((words[0] ?? "").length)}`
      : `${random.pick(textCodes)}${random.pick(colourCodes)}${name}`;
  }
  return name;
}

// Letters, digits and "_", the characters seen in real uids.
const uidAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

/** A 27-character map uid in the alphabet real uids use. */
export function generateMapUid(random: Random): string {
  let uid = "";
  // Five 6-bit characters per 32-bit draw.
  while (uid.length < 27) {
    let bits = Math.floor(random.next() * 1073741824);
    for (let i = 0; i < 5 && uid.length < 27; i++, bits >>>= 6) uid += uidAlphabet.charAt((bits & 63) % 63);
  }
  return uid;
}

/** Removes Trackmania formatting codes, for TMX's plain `Name` next to the raw `GbxMapName`. */
export function stripFormatting(name: string): string {
  return name.replace(/\$(?:[0-9a-f]{3}|[lh]\[[^\]]*\]|[a-z$<>]|[0-9a-f]{1,2})/gi, (code) => (code === "$$" ? "$" : ""));
}

export const regions: ReadonlyArray<{ country: string; regions: readonly string[] }> = [
  { country: "France", regions: ["Corrèze", "Bretagne", "Île-de-France", "Occitanie", "Normandie"] },
  { country: "Germany", regions: ["Bayern", "Berlin", "Hessen", "Sachsen"] },
  { country: "Netherlands", regions: ["Noord-Holland", "Utrecht", "Gelderland"] },
  { country: "United Kingdom", regions: ["England", "Scotland", "Wales"] },
  { country: "Poland", regions: ["Mazowieckie", "Małopolskie", "Śląskie"] },
  { country: "Finland", regions: ["Uusimaa", "Pirkanmaa"] },
  { country: "Spain", regions: ["Cataluña", "Madrid", "Andalucía"] },
  { country: "Czech Republic", regions: ["Praha", "Jihomoravský kraj"] },
  { country: "United States", regions: ["California", "Texas", "New York"] },
  { country: "Canada", regions: ["Quebec", "Ontario"] },
  { country: "Brazil", regions: ["São Paulo", "Paraná"] },
  { country: "Japan", regions: ["Tokyo", "Osaka"] },
];

export const tmxTags: ReadonlyArray<{ TagId: number; Name: string; Color: string }> = [
  { TagId: 1, Name: "Race", Color: "" },
  { TagId: 3, Name: "Tech", Color: "" },
  { TagId: 5, Name: "FullSpeed", Color: "" },
  { TagId: 7, Name: "Dirt", Color: "" },
  { TagId: 9, Name: "Ice", Color: "" },
  { TagId: 12, Name: "SpeedTech", Color: "" },
  { TagId: 15, Name: "Grass", Color: "" },
  { TagId: 17, Name: "Plastic", Color: "" },
  { TagId: 23, Name: "Mixed", Color: "" },
  { TagId: 29, Name: "RPG", Color: "" },
];
