/** zh-CN messages for the open screens (keys prefixed by area). Merged in ./zh.ts. */
export const zhOpen = {
  "open311.notice":
    "建议已收到，将在受理期限内完成审查；请保存查询编号和查询密码，凭其查看办理进度。",
} as const satisfies Record<string, string>;
