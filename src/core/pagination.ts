/**
 * Offset pagination, as `GET /evaluations` does it (`limit`, `offset`, `total`), or without
 * a `total` (2026-09's lists: a page shorter than the page size is the last). Awaiting a
 * list gives its first page; `for await` walks every item of every page:
 *
 *   const page = await nugen.evaluations.list({ limit: 20 });
 *   for await (const evaluation of nugen.evaluations.list()) { ... }
 */
import { APIPromise, type WithResponse } from "./api-promise.js";

export interface OffsetPageFields {
  total?: number | null;
  limit?: number | null;
  offset?: number | null;
}

export interface Page<Data, Item> {
  /** The page as the API sent it. */
  data: Data;
  items: Item[];
  hasNextPage(): boolean;
  /** The following page; throws if there is none. */
  getNextPage(): Promise<Page<Data, Item>>;
  /** This page and every later one. */
  iterPages(): AsyncGenerator<Page<Data, Item>>;
}

export type FetchPage<Data> = (offset: number | undefined) => APIPromise<Data>;

function makePage<Data extends OffsetPageFields, Item>(
  data: Data,
  itemsOf: (data: Data) => Item[],
  fetchPage: FetchPage<Data>,
  requestedOffset?: number,
  pageSize?: number,
): Page<Data, Item> {
  const items = itemsOf(data);
  // The offset asked for comes first: a server that leaves `offset` out must not loop the walk.
  const nextOffset = (requestedOffset ?? data.offset ?? 0) + items.length;
  const page: Page<Data, Item> = {
    data,
    items,
    // An empty page ends the walk even if `total` says more (a list that shrank meanwhile).
    hasNextPage: () => {
      if (items.length === 0) return false;
      if (typeof data.total === "number") return nextOffset < data.total;
      const size = typeof data.limit === "number" ? data.limit : pageSize;
      return size !== undefined && items.length >= size;
    },
    async getNextPage() {
      if (!page.hasNextPage()) throw new Error("There is no next page: check hasNextPage() first.");
      return makePage(await fetchPage(nextOffset), itemsOf, fetchPage, nextOffset, pageSize);
    },
    async *iterPages() {
      for (
        let current: Page<Data, Item> | undefined = page;
        current;
        current = current.hasNextPage() ? await current.getNextPage() : undefined
      ) {
        yield current;
      }
    },
  };
  return page;
}

/** An APIPromise of the first page that is also an async iterable of every item. */
export class PagePromise<Data extends OffsetPageFields, Item>
  extends APIPromise<Page<Data, Item>>
  implements AsyncIterable<Item>
{
  constructor(first: Promise<WithResponse<Page<Data, Item>>>) {
    super(first);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Item> {
    const first = await this;
    for await (const page of first.iterPages()) yield* page.items;
  }
}

/** `pageSize`: the limit asked for, which tells the last page of a list without a `total`. */
export function paginate<Data extends OffsetPageFields, Item>(
  fetchPage: FetchPage<Data>,
  itemsOf: (data: Data) => Item[],
  pageSize?: number,
): PagePromise<Data, Item> {
  return new PagePromise(
    fetchPage(undefined)
      .withResponse()
      .then((result) => ({ ...result, data: makePage(result.data, itemsOf, fetchPage, undefined, pageSize) })),
  );
}
