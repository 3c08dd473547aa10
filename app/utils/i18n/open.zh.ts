/** zh-CN messages for the open screens (keys prefixed by area). Merged in ./zh.ts. */
export const zhOpen = {} as const satisfies Record<string, string>;
