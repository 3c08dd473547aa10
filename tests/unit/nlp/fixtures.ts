/** Hand-written suggestions for the text-engine tests (not taken from any dataset). */
export interface Fixture {
  id: string;
  title: string;
  body: string;
  label: string;
}

export const SUGGESTIONS: Fixture[] = [
  {
    id: "e1",
    title: "老旧小区加装电梯进展太慢",
    body: "我们小区是九十年代的老旧小区，住着很多老人，申请加装电梯已经一年了，审批一直没有结果，希望加快加装电梯的审批。",
    label: "城乡建设",
  },
  {
    id: "e2",
    title: "申请加装电梯遇到低层住户反对",
    body: "六层老楼想加装电梯，一楼二楼住户反对，加装电梯的协调工作没人管，请街道出面协调加装电梯补偿方案。",
    label: "城乡建设",
  },
  {
    id: "e3",
    title: "加装电梯补贴怎么申请",
    body: "听说老旧小区加装电梯有政府补贴，请问补贴标准是多少，加装电梯补贴向哪个部门申请。",
    label: "城乡建设",
  },
  {
    id: "n1",
    title: "工地夜间施工噪音扰民",
    body: "小区旁边的工地每天晚上十一点以后还在打桩，夜间施工噪音扰民严重，居民无法入睡，请环保部门查处夜间施工。",
    label: "环境保护",
  },
  {
    id: "n2",
    title: "搅拌站噪音和粉尘污染",
    body: "混凝土搅拌站深夜作业，噪音扰民，粉尘很大，窗台每天一层灰，请求环保局对搅拌站噪音和粉尘进行整治。",
    label: "环境保护",
  },
  {
    id: "n3",
    title: "渣土车夜间运输噪音大",
    body: "渣土车半夜在路上飞驰，噪音扰民还撒落泥土，道路扬尘严重，希望管理渣土车夜间运输。",
    label: "环境保护",
  },
  {
    id: "s1",
    title: "孩子入学学位紧张",
    body: "我们片区新建了很多楼盘，小学学位严重不足，孩子入学只能去很远的学校，建议增建小学增加学位。",
    label: "教育文体",
  },
  {
    id: "s2",
    title: "小学划片入学不合理",
    body: "今年小学划片入学调整后，我家孩子被划到三公里外的学校，附近学校学位不足，请教育局重新考虑划片。",
    label: "教育文体",
  },
  {
    id: "s3",
    title: "幼儿园学位不够",
    body: "社区只有一所幼儿园，学位远远不够，很多孩子上不了公办幼儿园，希望新建幼儿园增加学位。",
    label: "教育文体",
  },
  {
    id: "m1",
    title: "医保异地就医报销太麻烦",
    body: "父母在外地看病，医保异地就医报销需要很多材料，来回跑了好几趟，希望简化医保异地就医报销流程。",
    label: "劳动和社会保障",
  },
  {
    id: "m2",
    title: "养老金调整何时到账",
    body: "退休人员养老金今年调整后一直没有到账，社保窗口说等通知，请问养老金调整什么时候发放。",
    label: "劳动和社会保障",
  },
  {
    id: "m3",
    title: "公积金贷款额度太低",
    body: "住房公积金贷款额度上限太低，买房时公积金贷款不够用，建议提高公积金贷款额度。",
    label: "劳动和社会保障",
  },
];

/** A near-duplicate of e1: reordered, one sentence dropped, greeting and a typo added. */
export const NEAR_DUPLICATE_OF_E1 = {
  title: "老旧小区加装电梯进度太慢了",
  body: "您好！申请加装电梯已经一年了，审批一直没有结果。我们小区是九十年代的老旧小区，希望加快加状电梯的审批，谢谢。",
};

/** Nothing in the fixtures is about this. */
export const UNRELATED = {
  title: "Library opening hours",
  body: "The public library should open on Sunday mornings so that students can study there.",
};
