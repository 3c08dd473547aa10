/** zh-CN messages for the notify screens (keys prefixed by area). Merged in ./zh.ts. */
export const zhNotify = {} as const satisfies Record<string, string>;
