/** What the sandbox gives every new record (the World gives it): ids of its kind, the clock, the creator's name. */
export interface Creation {
  newId(prefix: string): string;
  now(): number;
  readonly creator: string;
}
