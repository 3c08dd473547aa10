/** zh-CN messages for the notify screens (keys prefixed by area). Merged in ./zh.ts. */
export const zhNotify = {
  "notify.title": "通知中心",
  "notify.unreadCount": "{n} 条未读",
  "notify.empty": "暂无通知。",
  "notify.unread": "未读",
  "notify.listLabel": "通知列表",
  "notify.markAllRead": "全部标为已读",
  "notify.markRead": "标为已读",
  "notify.markedRead": "已将 {n} 条通知标为已读。",
  "notify.openSuggestion": "查看建议",
  "notify.receivedAt": "收到于 {date}",
  "notify.phase.accept": "受理",
  "notify.phase.handle": "办理",
  "notify.atRisk.subject": "期限将至",
  "notify.atRisk.body":
    "「{title}」（{code}）的{phase}期限为 {due}，已不足 {days} 天，请及时处理。",
  "notify.overdue.subject": "已逾期",
  "notify.overdue.body":
    "「{title}」（{code}）的{phase}期限 {due} 已过，已逾期 {days} 天，请尽快处理。",
  "notify.escalated.subject": "提级督办",
  "notify.escalated.body":
    "「{title}」（{code}）在{unit}发出督办通知 {days} 天后仍逾期未办，已提级至{parent}督办。",
  "notify.escalated.note": "督办 {days} 天后仍逾期，提级至{parent}",
  "notify.digest.subject": "每日待办摘要 {day}",
  "notify.digest.body":
    "{name}，您好：您目前有 {open} 件待办，其中 {atRisk} 件即将到期，{overdue} 件已逾期。",
  "notify.digest.more": "另有 {n} 件未列出。",
  "notify.state.at_risk": "即将到期",
  "notify.state.overdue": "逾期 {days} 天",
  "notify.state.on_time": "按期",
  "notify.state.none": "无期限",
} as const satisfies Record<string, string>;
