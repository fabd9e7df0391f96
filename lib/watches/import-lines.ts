/**
 * The lines of a streamed import (POST /api/watches/import), one JSON object per line: progress as
 * each map is read, then the outcome. Types only, so the page's client code can read them.
 */
export type WatchImportLine =
  | { type: "progress"; done: number; total: number; message: string }
  | { type: "done"; result: { message: string; added: number; used: number; limit: number } }
  | { type: "error"; message: string };
