/** zh-CN messages for the open screens (keys prefixed by area). Merged in ./zh.ts. */
export const zhOpen = {
  "open311.notice":
    "建议已收到，将在受理期限内完成审查；请保存查询编号和查询密码，凭其查看办理进度。",

  "import.reason.badJson": "不是有效的 JSON：{detail}",
  "import.reason.badCsv": "CSV 格式错误：{detail}",
  "import.reason.notObject": "这一行不是一个对象",
  "import.reason.columns": "列数不对：应为 {expected} 列，实际 {got} 列",
  "import.reason.missing": "缺少内容（字段 {field}）",
  "import.reason.tooShort": "{field} 太短（至少 {min} 个字）",
  "import.reason.tooLong": "{field} 太长（最多 {max} 个字）",
  "import.reason.badTime": "时间无法识别：{value}",
  "import.reason.futureTime": "时间晚于现在：{value}",
  "import.reason.badPhone": "电话号码格式不正确（字段 {field}）",
  "import.reason.badEmail": "电子邮箱格式不正确（字段 {field}）",
  "import.reason.unknownCategory": "未知分类：{value}",
  "import.reason.unknownUnit": "未知地区：{value}",
  "import.reason.failed": "保存失败：{detail}",
  "import.warn.titleDerived": "没有可用标题，已从正文生成",
  "import.error.noField": "文件中没有字段 {field}；现有字段：{columns}",
  "import.error.noBody": "找不到正文字段，请用“正文字段”指定；现有字段：{columns}",
  "import.error.noUnit": "未知地区：{unit}",
  "import.error.format": "无法判断文件格式，请选择 CSV 或 JSONL",
  "import.error.file": "请选择要导入的文件（不超过 20 MB，UTF-8 编码）",
} as const satisfies Record<string, string>;
