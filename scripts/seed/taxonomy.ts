/**
 * The default 3-level category tree (first level follows the common government classification
 * used by Chinese message boards) and the department each first-level category routes to.
 * Written for Minyi; operators can edit it in the admin console.
 */
export interface TaxonomyNode {
  code: string;
  name: string;
  nameEn: string;
  department?: string;
  children?: TaxonomyNode[];
}

const leaf = (code: string, name: string, nameEn: string): TaxonomyNode => ({ code, name, nameEn });

export const TAXONOMY: TaxonomyNode[] = [
  {
    code: "urban",
    name: "城乡建设",
    nameEn: "Urban and rural development",
    department: "lj-housing",
    children: [
      {
        code: "urban.housing",
        name: "住房保障与房地产",
        nameEn: "Housing",
        children: [
          leaf("urban.housing.old", "老旧小区改造", "Old compound renovation"),
          leaf("urban.housing.elevator", "既有住宅加装电梯", "Elevator retrofits"),
          leaf("urban.housing.property", "物业管理", "Property management"),
        ],
      },
      {
        code: "urban.city",
        name: "城市建设和市政管理",
        nameEn: "City construction and utilities",
        children: [
          leaf("urban.city.roads", "市政道路与设施", "Roads and street furniture"),
          leaf("urban.city.greening", "园林绿化环卫", "Parks, greening and sanitation"),
          leaf("urban.city.enforcement", "城管执法", "City management enforcement"),
        ],
      },
      {
        code: "urban.safety",
        name: "安全生产",
        nameEn: "Work safety",
        children: [leaf("urban.safety.hazard", "安全隐患", "Safety hazards")],
      },
    ],
  },
  {
    code: "agriculture",
    name: "农村农业",
    nameEn: "Agriculture and rural affairs",
    department: "lj-civil",
    children: [
      {
        code: "agriculture.village",
        name: "乡村建设",
        nameEn: "Village development",
        children: [
          leaf("agriculture.village.roads", "农村道路", "Rural roads"),
          leaf("agriculture.village.water", "农村饮水", "Rural drinking water"),
        ],
      },
      {
        code: "agriculture.farming",
        name: "农业生产",
        nameEn: "Farming",
        children: [leaf("agriculture.farming.subsidy", "惠农补贴", "Farm subsidies")],
      },
    ],
  },
  {
    code: "law",
    name: "政法",
    nameEn: "Public security and justice",
    department: "lj-police",
    children: [
      {
        code: "law.security",
        name: "社会治安",
        nameEn: "Public order",
        children: [
          leaf("law.security.traffic", "交通秩序", "Traffic order"),
          leaf("law.security.fraud", "防范诈骗", "Fraud prevention"),
        ],
      },
      {
        code: "law.justice",
        name: "司法服务",
        nameEn: "Legal services",
        children: [leaf("law.justice.aid", "法律援助", "Legal aid")],
      },
    ],
  },
  {
    code: "education",
    name: "教育文体",
    nameEn: "Education, culture and sport",
    department: "lj-education",
    children: [
      {
        code: "education.school",
        name: "基础教育",
        nameEn: "Schools",
        children: [
          leaf("education.school.places", "入学与学位", "School places"),
          leaf("education.school.aftercare", "课后服务", "After-school care"),
          leaf("education.school.safety", "校园周边安全", "Safety around schools"),
        ],
      },
      {
        code: "education.culture",
        name: "文化体育",
        nameEn: "Culture and sport",
        children: [leaf("education.culture.venues", "文体场馆", "Sports and culture venues")],
      },
    ],
  },
  {
    code: "labour",
    name: "劳动和社会保障",
    nameEn: "Labour and social security",
    department: "lj-hrss",
    children: [
      {
        code: "labour.insurance",
        name: "社会保险",
        nameEn: "Social insurance",
        children: [
          leaf("labour.insurance.pension", "养老保险", "Pensions"),
          leaf("labour.insurance.medical", "医疗保险", "Medical insurance"),
        ],
      },
      {
        code: "labour.work",
        name: "劳动关系与就业",
        nameEn: "Employment",
        children: [
          leaf("labour.work.wages", "欠薪维权", "Unpaid wages"),
          leaf("labour.work.jobs", "就业创业", "Jobs and start-ups"),
        ],
      },
      {
        code: "labour.fund",
        name: "住房公积金",
        nameEn: "Housing provident fund",
        children: [leaf("labour.fund.withdraw", "公积金提取", "Fund withdrawals")],
      },
    ],
  },
  {
    code: "civil",
    name: "民政",
    nameEn: "Civil affairs",
    department: "lj-civil",
    children: [
      {
        code: "civil.elderly",
        name: "养老服务",
        nameEn: "Elderly care",
        children: [
          leaf("civil.elderly.canteen", "老年助餐", "Meals for the elderly"),
          leaf("civil.elderly.home", "居家养老", "Home care"),
        ],
      },
      {
        code: "civil.community",
        name: "社区治理",
        nameEn: "Community governance",
        children: [leaf("civil.community.services", "社区服务", "Community services")],
      },
    ],
  },
  {
    code: "party",
    name: "党务政务",
    nameEn: "Government affairs",
    department: "lj-civil",
    children: [
      {
        code: "party.services",
        name: "政务服务",
        nameEn: "Government services",
        children: [
          leaf("party.services.online", "网上办事", "Online services"),
          leaf("party.services.hall", "政务大厅", "Service halls"),
        ],
      },
    ],
  },
  {
    code: "economy",
    name: "经济管理",
    nameEn: "Economic management",
    department: "lj-market",
    children: [
      {
        code: "economy.business",
        name: "营商环境",
        nameEn: "Business environment",
        children: [
          leaf("economy.business.licence", "证照办理", "Licences"),
          leaf("economy.business.sme", "中小企业扶持", "Small business support"),
        ],
      },
    ],
  },
  {
    code: "health",
    name: "卫生计生",
    nameEn: "Health",
    department: "lj-health",
    children: [
      {
        code: "health.hospital",
        name: "医疗服务",
        nameEn: "Medical services",
        children: [
          leaf("health.hospital.booking", "预约挂号", "Appointments"),
          leaf("health.hospital.community", "社区卫生", "Community clinics"),
        ],
      },
      {
        code: "health.public",
        name: "公共卫生",
        nameEn: "Public health",
        children: [leaf("health.public.childcare", "托育服务", "Childcare")],
      },
    ],
  },
  {
    code: "commerce",
    name: "商贸旅游",
    nameEn: "Commerce and tourism",
    department: "lj-market",
    children: [
      {
        code: "commerce.market",
        name: "市场监管",
        nameEn: "Market supervision",
        children: [
          leaf("commerce.market.food", "食品安全", "Food safety"),
          leaf("commerce.market.consumer", "消费维权", "Consumer rights"),
        ],
      },
      {
        code: "commerce.tourism",
        name: "旅游服务",
        nameEn: "Tourism",
        children: [leaf("commerce.tourism.scenic", "景区管理", "Scenic areas")],
      },
    ],
  },
  {
    code: "environment",
    name: "环境保护",
    nameEn: "Environment",
    department: "lj-env",
    children: [
      {
        code: "environment.pollution",
        name: "污染防治",
        nameEn: "Pollution control",
        children: [
          leaf("environment.pollution.noise", "噪声污染", "Noise"),
          leaf("environment.pollution.water", "水污染", "Water pollution"),
          leaf("environment.pollution.air", "大气污染", "Air pollution"),
        ],
      },
      {
        code: "environment.waste",
        name: "垃圾分类与处理",
        nameEn: "Waste",
        children: [leaf("environment.waste.sorting", "垃圾分类", "Waste sorting")],
      },
    ],
  },
  {
    code: "transport",
    name: "交通运输",
    nameEn: "Transport",
    department: "lj-transport",
    children: [
      {
        code: "transport.transit",
        name: "公共交通",
        nameEn: "Public transport",
        children: [
          leaf("transport.transit.bus", "公交线路", "Bus routes"),
          leaf("transport.transit.metro", "轨道交通", "Metro"),
        ],
      },
      {
        code: "transport.roads",
        name: "道路与停车",
        nameEn: "Roads and parking",
        children: [
          leaf("transport.roads.parking", "停车管理", "Parking"),
          leaf("transport.roads.signals", "交通信号", "Traffic signals"),
          leaf("transport.roads.ebike", "电动自行车", "E-bikes"),
        ],
      },
    ],
  },
  {
    code: "discipline",
    name: "纪检监察",
    nameEn: "Discipline inspection",
    department: "lj-civil",
    children: [
      {
        code: "discipline.conduct",
        name: "作风建设",
        nameEn: "Conduct of officials",
        children: [leaf("discipline.conduct.service", "服务态度", "Service attitude")],
      },
    ],
  },
  {
    code: "land",
    name: "国土资源",
    nameEn: "Land and resources",
    department: "lj-housing",
    children: [
      {
        code: "land.planning",
        name: "规划与用地",
        nameEn: "Planning and land use",
        children: [leaf("land.planning.use", "土地使用", "Land use")],
      },
    ],
  },
  {
    code: "tech",
    name: "科技与信息产业",
    nameEn: "Science and IT",
    department: "lj-market",
    children: [
      {
        code: "tech.digital",
        name: "数字政府",
        nameEn: "Digital government",
        children: [
          leaf("tech.digital.apps", "政务应用", "Government apps"),
          leaf("tech.digital.network", "网络与通信", "Networks"),
        ],
      },
    ],
  },
];
