/**
 * Civic vocabulary that jieba's default dictionary splits or mis-segments. Kept whole
 * so that labels read naturally and classifier/search features carry the full concept.
 * Place codes of the anonymised data (A市, A3区, K9县) are merged by a pattern in
 * tokenize.ts, because no dictionary can list them.
 */
const CIVIC_TERMS = `
医保 医保卡 异地就医 医疗保险 社保 社保卡 养老保险 失业保险 工伤保险 生育保险 公积金 住房公积金 公积金贷款
养老金 退休金 低保 五保 特困 廉租房 公租房 保障房 安置房 经适房 棚改 棚户区改造 征地拆迁 拆迁款 拆迁补偿
停车位 停车场 停车费 乱停车 占道经营 占道施工 加装电梯 老旧小区 老旧小区改造 物业费 物业公司 业主委员会 业委会
维修基金 房产证 不动产证 网签 交房 延期交房 烂尾楼 违章建筑 违建 私搭乱建 学位 学区房 划片 入学 择校 小升初
幼升小 义务教育 民办学校 校外培训 补课 噪音扰民 施工噪音 夜间施工 渣土车 混凝土搅拌站 搅拌站 油烟扰民 餐饮油烟
垃圾分类 垃圾站 垃圾焚烧 污水处理 黑臭水体 扬尘 大气污染 水污染 环境污染 非法排污 偷排 异味 臭味 电动车 共享单车
公交线路 公交车 地铁 网约车 出租车 红绿灯 斑马线 人行道 断头路 路灯 井盖 积水 内涝 供暖 燃气 天然气 自来水
停水 停电 水费 电费 农民工 拖欠工资 欠薪 劳动合同 劳动仲裁 人才引进 落户 户口 户籍 居住证 身份证 营业执照
食品安全 假冒伪劣 消费者权益 传销 非法集资 电信诈骗 扫黑除恶 独生子女 计划生育 二孩 疫苗 预防接种 家庭医生
乡村医生 卫生院 社区医院 精准扶贫 扶贫 贫困户 危房改造 村干部 村委会 居委会 网格员 城管 环保局 住建局 人社局
教育局 卫健委 交警 派出所 市场监管 不作为 乱收费 违规收费 办事难 一刀切 营商环境 高铁站 火车站 汽车站 快递
外卖 健身器材 广场舞 文明城市 扰民
`;

/** Jieba user-dictionary lines ("word freq tag"); high frequency so the terms win. */
export const CIVIC_USER_DICT: string = CIVIC_TERMS.split(/\s+/)
  .filter(Boolean)
  .map((w) => `${w} 200000 n`)
  .join("\n");
