/**
 * Stop words. The Chinese list holds function words plus the filler every civic
 * message carries (greetings, thanks, "please look into the problem") so that
 * similarity, clustering labels and the classifier look at what the message is about.
 */
const ZH = `
的 了 和 与 及 或 而 且 并 也 还 又 就 都 才 只 很 太 更 最 再 已 已经 曾 曾经 正在 在 于 从 自 向 往 对 对于 关于 把 被 让 给 为 为了 因 因为 所以 由于 如果 假如 虽然 但是 但 可是 然而 而且 并且 然后 于是 因此 所以 即使 尽管 不过 只是 只要 只有 除了 以及 以便 以免 以 之 其 其中 其他 其它 其余 这 那 这个 那个 这些 那些 这里 那里 这样 那样 这么 那么 这种 那种 此 该 本 各 每 某 某些 哪 哪里 哪些 什么 怎么 怎样 怎么办 如何 为何 为什么 多少 几 吗 呢 吧 啊 呀 哦 嗯 哈 嘛 啦 么 着 过 得 地 之后 之前 以后 以前 以上 以下 之间 上 下 中 里 内 外 前 后 是 不是 有 没有 没 无 不 非 要 会 能 能够 可以 可能 应该 应当 需要 必须 一定 一直 一些 一下 一个 一种 一样 一起 一次 一般 个 位 些 点 种 次 们 我 我们 你 你们 您 您们 他 他们 她 她们 它 它们 自己 大家 人家 别人 本人 我家 咱们 等 等等 等到 时 时候 时间 目前 现在 当时 当前 今天 今年 去年 明年 近日 近期 最近 日前 年 月 日 号 还是 或者 以至 甚至 比如 例如 如下 如上 所 所有 任何 全部 一切 非常 十分 特别 比较 相当 尤其 仍 仍然 依然 总是 经常 常常 已 即 便 却 则 乃 及其 并非 不但 不仅 而是 就是 也是 都是 还有 只能 不能 不会 不要 不用 不得 不再 进行 通过 根据 按照 作为 成为 得到 出现 发生 造成 导致 存在 表示 认为 觉得 感觉 知道 看到 听说 据说 发现 说 讲 想 想要 看 做 搞 弄 去 来 到 让 使 令 叫
您好 你好 尊敬 尊敬的 领导 各位 各位领导 谢谢 感谢 非常感谢 万分感谢 谢谢您 辛苦 辛苦了 此致 敬礼 望 希望 恳请 请 请问 敬请 盼 盼望 期待 期盼 恳求 麻烦 帮忙 帮助 解决 处理 落实 回复 答复 尽快 及时 早日 问题 情况 相关 有关 相关部门 有关部门 部门 政府 市民 居民 群众 老百姓 百姓 网友 反映 反应 投诉 举报 咨询 建议 留言 关注 重视 调查 核实 了解 谢 重视 一下 市长 书记 局长 主任 信箱 你们好 大家好 急 紧急 求助 呼吁 强烈 严重 为民 做主 支持 谢谢你们 好 好的 诉求 附近 周边 周围 一带 旁边 对面 以东 以西 以南 以北 东边 西边 南边 北边 里面 外面 上面 下面 左右 一名 一位 一律 一直 一是 二是 三是 几个 两个 多个 很多 许多 不少 每天 每年 整天 如今
`;

const EN = `
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't
my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd
she'll she's should shouldn't so some such than that that's the their theirs them themselves then there there's
these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd
we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with
won't would wouldn't you you'd you'll you're you've your yours yourself yourselves also just will would may might
must shall can could get got please thank thanks thank-you hello hi dear regards sincerely sir madam issue issues
problem problems concern concerns regarding re
`;

export const ZH_STOPWORDS: ReadonlySet<string> = new Set(ZH.split(/\s+/).filter(Boolean));
export const EN_STOPWORDS: ReadonlySet<string> = new Set(EN.split(/\s+/).filter(Boolean));

export function isStopword(token: string): boolean {
  return ZH_STOPWORDS.has(token) || EN_STOPWORDS.has(token);
}
