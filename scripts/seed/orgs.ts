/** The demo org tree: one province, two cities, five counties/districts, 13 departments. */
export const UNITS = [
  {
    key: "cn",
    parent: null,
    level: "national",
    name: "全国人民建议征集",
    nameEn: "National Suggestions Centre",
  },
  { key: "p-dj", parent: "cn", level: "province", name: "东江省", nameEn: "Dongjiang Province" },
  { key: "c-lj", parent: "p-dj", level: "city", name: "临江市", nameEn: "Linjiang City" },
  { key: "c-qs", parent: "p-dj", level: "city", name: "青山市", nameEn: "Qingshan City" },
  { key: "d-bh", parent: "c-lj", level: "county", name: "滨湖区", nameEn: "Binhu District" },
  { key: "d-jb", parent: "c-lj", level: "county", name: "江北区", nameEn: "Jiangbei District" },
  { key: "d-yx", parent: "c-lj", level: "county", name: "云溪县", nameEn: "Yunxi County" },
  { key: "d-sl", parent: "c-qs", level: "county", name: "松林县", nameEn: "Songlin County" },
  { key: "d-sm", parent: "c-qs", level: "county", name: "石门区", nameEn: "Shimen District" },
] as const;

export const DEPARTMENTS = [
  {
    key: "lj-transport",
    unit: "c-lj",
    name: "临江市交通运输局",
    nameEn: "Linjiang Transport Bureau",
  },
  { key: "lj-education", unit: "c-lj", name: "临江市教育局", nameEn: "Linjiang Education Bureau" },
  {
    key: "lj-health",
    unit: "c-lj",
    name: "临江市卫生健康委员会",
    nameEn: "Linjiang Health Commission",
  },
  {
    key: "lj-env",
    unit: "c-lj",
    name: "临江市生态环境局",
    nameEn: "Linjiang Ecology and Environment Bureau",
  },
  {
    key: "lj-housing",
    unit: "c-lj",
    name: "临江市住房和城乡建设局",
    nameEn: "Linjiang Housing and Construction Bureau",
  },
  {
    key: "lj-hrss",
    unit: "c-lj",
    name: "临江市人力资源和社会保障局",
    nameEn: "Linjiang Human Resources and Social Security Bureau",
  },
  { key: "lj-civil", unit: "c-lj", name: "临江市民政局", nameEn: "Linjiang Civil Affairs Bureau" },
  {
    key: "lj-market",
    unit: "c-lj",
    name: "临江市市场监督管理局",
    nameEn: "Linjiang Market Regulation Bureau",
  },
  {
    key: "lj-urban",
    unit: "c-lj",
    name: "临江市城市管理局",
    nameEn: "Linjiang City Management Bureau",
  },
  {
    key: "lj-police",
    unit: "c-lj",
    name: "临江市公安局交通警察支队",
    nameEn: "Linjiang Traffic Police",
  },
  {
    key: "qs-transport",
    unit: "c-qs",
    name: "青山市交通运输局",
    nameEn: "Qingshan Transport Bureau",
  },
  {
    key: "qs-housing",
    unit: "c-qs",
    name: "青山市住房和城乡建设局",
    nameEn: "Qingshan Housing and Construction Bureau",
  },
  {
    key: "bh-urban",
    unit: "d-bh",
    name: "滨湖区城市管理局",
    nameEn: "Binhu City Management Bureau",
  },
] as const;

export const DEMO_PASSWORD = "minyi-demo-2026";

/** One demo account per role (plus a second handler in another city for scope checks). */
export const DEMO_USERS = [
  { username: "admin", displayName: "系统管理员 王敏", role: "admin", unit: "p-dj" },
  { username: "reviewer", displayName: "审核员 李静", role: "reviewer", unit: "c-lj" },
  {
    username: "handler",
    displayName: "承办人 张伟（市交通运输局）",
    role: "handler",
    unit: "c-lj",
    department: "lj-transport",
  },
  {
    username: "handler-edu",
    displayName: "承办人 陈芳（市教育局）",
    role: "handler",
    unit: "c-lj",
    department: "lj-education",
  },
  {
    username: "handler-qs",
    displayName: "承办人 赵磊（青山市交通运输局）",
    role: "handler",
    unit: "c-qs",
    department: "qs-transport",
  },
  { username: "supervisor", displayName: "督办员 刘洋", role: "supervisor", unit: "c-lj" },
  { username: "supervisor-prov", displayName: "省督办员 孙丽", role: "supervisor", unit: "p-dj" },
  { username: "analyst", displayName: "分析员 周强", role: "analyst", unit: "p-dj" },
  { username: "reviewer-qs", displayName: "审核员 吴婷（青山市）", role: "reviewer", unit: "c-qs" },
] as const;

export const NOT_ACCEPT_REASONS = [
  {
    code: "out-of-scope",
    text: "不属于人民建议征集受理范围（如个人诉求、投诉举报请通过12345热线反映）",
    textEn: "Outside the scope of suggestions (complaints go to the 12345 hotline)",
  },
  {
    code: "litigation",
    text: "涉及已进入诉讼、仲裁程序的事项",
    textEn: "Concerns a matter already in court or arbitration",
  },
  { code: "unclear", text: "内容不明确，无法办理", textEn: "Content too unclear to handle" },
  {
    code: "duplicate-answered",
    text: "同一事项已答复，无新情况新理由",
    textEn: "Already answered, nothing new",
  },
  { code: "inappropriate", text: "含有违法或不文明内容", textEn: "Unlawful or abusive content" },
] as const;
