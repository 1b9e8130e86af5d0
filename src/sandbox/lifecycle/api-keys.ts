/**
 * The API keys the sandbox has been called with, listed as the live route lists an
 * account's keys (camelCase, with the key itself). A key is recorded the first time it is
 * accepted; its use count and last use are updated in memory on every request and saved
 * with the next change of any record, so that counting a request never writes the data file.
 */
import type { components } from "../../../generated/openapi.js";
import { isoWithoutZone } from "../clock.js";
import type { Creation } from "./creation.js";

export interface ApiKeyRecord {
  id: string;
  key: string;
  name: string;
  createdAt: number;
  lastUsedAt: number;
  /** Requests made with it. */
  usage: number;
  creator: string;
}

/** A key seen for the first time, named by its place among the keys seen; this request is its first use. */
export function newApiKey(key: string, place: number, creation: Creation): ApiKeyRecord {
  const now = creation.now();
  return {
    id: creation.newId("key_"),
    key,
    name: `Sandbox key ${place}`,
    createdAt: now,
    lastUsedAt: now,
    usage: 1,
    creator: creation.creator,
  };
}

export function apiKeyView(record: ApiKeyRecord): components["schemas"]["ApiKey"] {
  return {
    id: record.id,
    name: record.name,
    key: record.key,
    createdBy: record.creator,
    createdAt: isoWithoutZone(record.createdAt),
    lastUsed: isoWithoutZone(record.lastUsedAt),
    usage: record.usage,
    status: "active",
  };
}
