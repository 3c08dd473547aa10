/** zh-CN messages for the staff screens (keys prefixed by area). Merged in ./zh.ts. */
export const zhStaff = {} as const satisfies Record<string, string>;
