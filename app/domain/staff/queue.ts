/** Orders of the review queue: shared by the page (its sort menu) and queue.server.ts. */
export const QUEUE_SORTS = ["deadline", "age", "newest", "category"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
