import type { zhNotify } from "./notify.zh";

/** English messages for the notify screens: every key of ./notify.zh.ts (the type enforces it). */
export const enNotify: Record<keyof typeof zhNotify, string> = {
  "notify.title": "Notifications",
  "notify.unreadCount": "{n} unread",
  "notify.empty": "No notifications yet.",
  "notify.unread": "Unread",
  "notify.listLabel": "Notification list",
  "notify.markAllRead": "Mark all as read",
  "notify.markRead": "Mark as read",
  "notify.markedRead": "Marked {n} notifications as read.",
  "notify.openSuggestion": "Open the suggestion",
  "notify.receivedAt": "Received {date}",
  "notify.phase.accept": "acceptance",
  "notify.phase.handle": "handling",
  "notify.atRisk.subject": "Deadline approaching",
  "notify.atRisk.body":
    "The {phase} deadline of “{title}” ({code}) is {due}, less than {days} days away. Please act in time.",
  "notify.overdue.subject": "Overdue",
  "notify.overdue.body":
    "The {phase} deadline of “{title}” ({code}) was {due}; it is {days} days overdue. Please act now.",
  "notify.escalated.subject": "Escalated for supervision",
  "notify.escalated.body":
    "“{title}” ({code}) is still overdue {days} days after {unit}'s supervision notice and has been escalated to {parent}.",
  "notify.escalated.note": "Still overdue {days} days after the notice; escalated to {parent}",
  "notify.digest.subject": "Daily digest {day}",
  "notify.digest.body":
    "Hello {name}: you have {open} open items: {atRisk} due soon, {overdue} overdue.",
  "notify.digest.more": "{n} more not listed.",
  "notify.state.at_risk": "due soon",
  "notify.state.overdue": "{days} days overdue",
  "notify.state.on_time": "on time",
  "notify.state.none": "no deadline",
};
