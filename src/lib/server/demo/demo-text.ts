// Phrase banks and vocabularies for the demo exports (demo-exports.ts): per-theme subjects and
// problems in the style of real 问题清单 rows, suggestions, measures, responsible units and names.

export type ThemeCode =
	| 'growth_drivers'
	| 'investment_talent'
	| 'old_town_renewal'
	| 'business_environment'
	| 'cadre_ability'
	| 'safety'
	| 'property_safety'
	| 'organization_building'
	| 'service_innovation'
	| 'community_reform'
	| 'other';

export type LevelCode = 'thought' | 'work' | 'life';

export type StatusCode =
	| 'pending'
	| 'assigned'
	| 'in_progress'
	| 'ongoing'
	| 'stalled'
	| 'resolved'
	| 'verified'
	| 'not_adopted'
	| 'referred'
	| 'duplicate'
	| 'withdrawn';

export const STATUS_CODES: readonly StatusCode[] = [
	'pending',
	'assigned',
	'in_progress',
	'ongoing',
	'stalled',
	'resolved',
	'verified',
	'not_adopted',
	'referred',
	'duplicate',
	'withdrawn'
];

export const LEVEL_LABELS: Record<LevelCode, string> = {
	thought: '思想层面',
	work: '工作层面',
	life: '生活层面'
};

export const REPORTER_TYPES = [
	'党员',
	'社区工作者',
	'片支部书记',
	'企业',
	'社会组织',
	'居民代表',
	'人大代表',
	'其他'
] as const;
export type ReporterType = (typeof REPORTER_TYPES)[number];

export interface Subject {
	/** What the problem is about: '电动车', '小区电梯', '招商项目'. */
	s: string;
	/** What is wrong with it; each reads naturally right after the subject. */
	p: readonly string[];
	/** Suggestions that fit this subject only; the theme's own suggestions fit every subject. */
	a?: readonly string[];
	/** Which place may stand in front of it: an estate ('福泰小区', '云南路12号院') or a road. */
	loc?: 'estate' | 'street';
}

export interface ThemeBank {
	code: ThemeCode;
	label: string;
	/** Alternative labels the spec accepts for this theme. */
	accepted: readonly string[];
	subjects: readonly Subject[];
	/** Weights for thought / work / life. */
	levels: readonly [number, number, number];
	suggestions: readonly string[];
	measures: readonly string[];
	/** Who takes it on when a community reports it. */
	responsible: readonly string[];
}

export const THEMES: readonly ThemeBank[] = [
	{
		code: 'growth_drivers',
		label: '新旧动能转换',
		accepted: ['动能转换', '新动能'],
		levels: [3, 6, 1],
		subjects: [
			{ s: '辖区传统产业', p: ['转型升级步伐慢，新动能培育不足', '占比偏高，产业结构单一'] },
			{
				s: '楼宇经济',
				a: ['制定楼宇经济提升计划'],
				p: ['空置率偏高，亩均效益不高', '业态低端，缺少总部型企业']
			},
			{ s: '新兴产业项目', p: ['储备少，落地转化率低', '配套政策不清晰，企业积极性不高'] },
			{
				s: '老旧厂房',
				a: ['盘活闲置载体，引入新业态'],
				p: ['闲置多年，未能盘活利用', '改造为创意园区进展缓慢']
			},
			{ s: '沿街商贸市场', p: ['业态陈旧，转型升级意识不强', '线上线下融合不够，客流持续下降'] },
			{ s: '部分干部', p: ['对新旧动能转换认识不到位，思路不宽', '抓产业转型的办法不多'] },
			{ s: '科技型小微企业', p: ['孵化载体不足，成长空间受限', '融资难，研发投入不足'] },
			{ s: '数字经济', p: ['发展基础薄弱，缺少应用场景'] }
		],
		suggestions: ['加大政策扶持力度', '组织干部外出学习先进经验'],
		measures: ['建立重点项目推进台账', '开展辖区企业走访调研', '对接区科技局争取扶持政策'],
		responsible: ['街道经济发展办公室', '社区居委会', '街道投资促进中心']
	},
	{
		code: 'investment_talent',
		label: '双招双引',
		accepted: ['招商引资', '招才引智', '招商引才'],
		levels: [2, 7, 1],
		subjects: [
			{
				s: '招商项目',
				a: ['建立招商项目储备库'],
				p: ['储备不足', '储备不足，签约项目落地慢', '信息来源单一，缺少精准招商']
			},
			{
				s: '引进人才',
				a: ['完善人才公寓等配套服务'],
				p: ['留不住', '留不住，配套服务跟不上', '住房、子女入学等保障落实不到位']
			},
			{ s: '招商引资队伍', p: ['专业化程度不高，懂产业的干部少'] },
			{
				s: '已签约项目',
				a: ['定期召开项目推进会'],
				p: ['落地率低，跟踪服务不到位', '开工建设进度滞后']
			},
			{ s: '辖区闲置楼宇', p: ['招商推介力度不够，信息不对称'] },
			{ s: '高校毕业生', p: ['来辖区就业创业的政策宣传不够'] },
			{ s: '招才引智平台', p: ['数量少，缺少与高校的对接渠道'] }
		],
		suggestions: ['开展以商招商、驻点招商', '加强与高校、商会对接'],
		measures: [
			'梳理在谈项目清单，逐一明确责任人',
			'与驻地高校签订人才合作协议',
			'建立签约项目帮办制度'
		],
		responsible: ['街道经济发展办公室', '街道投资促进中心']
	},
	{
		code: 'old_town_renewal',
		label: '老城区复兴发展',
		accepted: ['西部老城区复兴发展', '西部老城区复兴', '老城区复兴', '城市更新'],
		levels: [1, 4, 5],
		subjects: [
			{
				s: '老旧小区',
				a: ['将小区纳入老旧小区改造计划'],
				p: [
					'改造进度慢，居民意见较大',
					'雨污管网老化，雨季积水严重',
					'外墙保温层脱落，存在坠落风险'
				],
				loc: 'street'
			},
			{ s: '历史街区', p: ['业态单一，活力不足', '风貌保护与开发利用不协调'], loc: 'street' },
			{ s: '棚改片区', p: ['拆迁遗留问题多，回迁安置滞后'], loc: 'street' },
			{ s: '背街小巷', p: ['路面破损，照明不足', '私搭乱建现象反弹'], loc: 'street' },
			{ s: '老城区', p: ['公共停车设施不足，出行不便', '公共服务设施老化，配套不完善'] },
			{ s: '旧改项目', p: ['居民签约率低，推进困难'] },
			{ s: '沿街建筑立面', p: ['破旧杂乱，广告牌匾不规范'], loc: 'street' }
		],
		suggestions: ['争取城市更新专项资金', '征求居民意见后分步实施'],
		measures: ['上报区住建局纳入年度改造计划', '组织居民议事会征求意见', '协调产权单位共同出资'],
		responsible: ['街道城市管理办公室', '区住建局', '社区居委会']
	},
	{
		code: 'business_environment',
		label: '营商环境',
		accepted: ['优化营商环境'],
		levels: [2, 6, 2],
		subjects: [
			{
				s: '企业办事',
				a: ['精简审批材料，压缩办理时限', '推行帮办代办服务'],
				p: ['审批材料多，跑腿次数多', '审批环节多，办事效率不高']
			},
			{ s: '营商环境优化措施', p: ['落实不到位，企业获得感不强'] },
			{ s: '个体工商户', p: ['开业准入手续繁琐，咨询无门'] },
			{ s: '涉企服务', p: ['主动上门少，"店小二"意识不强'] },
			{ s: '企业诉求', p: ['反映渠道不畅，回应不及时'] },
			{
				s: '惠企政策',
				a: ['编印惠企政策明白纸'],
				p: ['宣传解读不到位，企业知晓率低', '兑现周期长，申报流程复杂']
			},
			{ s: '沿街商户', p: ['门前停车难，影响正常经营'], loc: 'street' }
		],
		suggestions: ['建立企业服务专员制度', '加强政策宣传解读'],
		measures: [
			'开展企业大走访，建立问题台账',
			'便民服务中心设立企业服务专窗',
			'政策兑现实行限时办结'
		],
		responsible: ['街道经济发展办公室', '街道便民服务中心', '市场监管所']
	},
	{
		code: 'cadre_ability',
		label: '干部能力',
		accepted: ['干部作风', '干部队伍建设', '干部能力作风'],
		levels: [5, 4, 1],
		subjects: [
			{
				s: '社区干部',
				p: ['服务群众本领不强', '年龄结构偏大，后备力量不足', '业务培训少，专业化水平不高']
			},
			{
				s: '部分干部',
				p: [
					'思想保守，小富即安、小成即满',
					'担当意识不强，遇到难题绕着走',
					'作风不实，工作浮于表面'
				]
			},
			{ s: '网格员', p: ['入户走访不够，对居民情况掌握不全', '信息化工作能力不足'] },
			{ s: '年轻干部', p: ['基层历练少，处理复杂问题能力弱'] },
			{ s: '干部考核', a: ['完善考核激励机制'], p: ['激励机制不健全，干多干少一个样'] }
		],
		suggestions: ['加强业务培训', '开展岗位练兵'],
		measures: ['制定年度干部培训计划', '每月开展一次业务讲堂', '将群众评价纳入考核'],
		responsible: ['街道党政办公室', '社区党委']
	},
	{
		code: 'safety',
		label: '安全生产',
		accepted: ['安全', '安全稳定'],
		levels: [1, 3, 6],
		subjects: [
			{
				s: '电动车',
				a: ['建设电动车集中充电桩', '加强巡查，劝导居民规范充电'],
				p: ['楼道充电，存在火灾隐患', '飞线充电现象屡禁不止'],
				loc: 'estate'
			},
			{
				s: '楼院消防器材',
				a: ['督促物业及时更换消防器材'],
				p: ['过期未更换', '缺失损坏，无人维护'],
				loc: 'estate'
			},
			{
				s: '老旧燃气管线',
				a: ['督促燃气公司更换老旧管线'],
				p: ['存在安全隐患', '腐蚀严重，需尽快更换'],
				loc: 'estate'
			},
			{
				s: '沿街餐饮店',
				a: ['督促商户安装燃气报警装置'],
				p: ['燃气使用不规范，未安装报警装置'],
				loc: 'street'
			},
			{ s: '小型加工作坊', p: ['安全生产责任不落实，隐患排查不到位'], loc: 'street' },
			{
				s: '消防通道',
				a: ['开展消防通道清理专项行动'],
				p: ['被杂物占用，堵塞严重'],
				loc: 'estate'
			},
			{ s: '建筑工地', p: ['安全防护不到位，夜间施工扰民'], loc: 'street' },
			{ s: '群租房', p: ['私拉乱接电线，消防安全隐患大'], loc: 'estate' }
		],
		suggestions: ['开展安全隐患专项排查', '加强巡查'],
		measures: ['联合消防救援站开展专项检查', '建立隐患整改销号台账', '约谈责任单位，限期整改'],
		responsible: ['街道安监站', '社区居委会', '街道城市管理办公室']
	},
	{
		code: 'property_safety',
		label: '物业配套与小区安全',
		accepted: ['物业管理', '小区安全', '物业配套'],
		levels: [1, 3, 6],
		subjects: [
			{
				s: '小区物业',
				a: ['引入专业物业公司', '成立业主委员会'],
				p: ['服务不到位，收费标准不透明', '管理缺位，环境卫生差'],
				loc: 'estate'
			},
			{ s: '老旧楼院', a: ['引入专业物业公司'], p: ['无物业管理，环境脏乱差'], loc: 'street' },
			{ s: '小区电梯', a: ['督促维保单位加强维护'], p: ['频繁故障，维修不及时'], loc: 'estate' },
			{ s: '小区监控', a: ['增设监控探头'], p: ['覆盖不全，部分探头损坏'], loc: 'estate' },
			{
				s: '小区停车',
				a: ['规划施划停车位', '挖潜增设停车泊位'],
				p: ['车位紧张，乱停乱放严重'],
				loc: 'estate'
			},
			{ s: '楼道', p: ['堆放杂物，照明灯损坏'], loc: 'estate' },
			{ s: '单元门禁', p: ['损坏失灵，外来人员随意进出'], loc: 'estate' },
			{ s: '小区物业配套安全建设', p: ['滞后'], loc: 'estate' },
			{ s: '二次供水设施', p: ['老化，水质存在隐患'], loc: 'estate' }
		],
		suggestions: ['召开物业联席会议协调解决', '加强物业服务监管'],
		measures: [
			'召开物业联席会议，督促整改',
			'推行红色物业，社区党委牵头协调',
			'协调产权单位维修更换设施'
		],
		responsible: ['物业公司', '社区居委会', '街道城市管理办公室']
	},
	{
		code: 'organization_building',
		label: '组织建设',
		accepted: ['党建', '基层党建'],
		levels: [4, 5, 1],
		subjects: [
			{ s: '组织建设', p: ['不全面，党员作用发挥不充分'] },
			{ s: '楼院党支部', p: ['活动形式单一，吸引力不强'] },
			{ s: '流动党员', p: ['管理难，组织关系转接不及时'] },
			{ s: '“两新”组织', p: ['党建覆盖面不广，作用发挥有限'] },
			{ s: '党员教育', p: ['形式单一，年轻党员参与度低'] },
			{ s: '在职党员', a: ['建立在职党员积分管理制度'], p: ['到社区报到后参与活动少'] },
			{ s: '党群服务中心', p: ['使用率不高，功能发挥不充分'] }
		],
		suggestions: ['开展主题党日活动', '设立党员先锋岗'],
		measures: ['完善楼院党支部设置', '每季度开展一次组织生活检查', '推行党员联系户制度'],
		responsible: ['社区党委', '街道党工委组织办']
	},
	{
		code: 'service_innovation',
		label: '便民服务创新',
		accepted: ['便民服务', '为民服务', '惠民服务'],
		levels: [1, 4, 5],
		subjects: [
			{ s: '便民为民惠民服务', p: ['创新项目少'] },
			{ s: '社区书法室、图书室', a: ['延长开放时间'], p: ['开放时间短'] },
			{ s: '老年人助餐服务点', p: ['数量少，覆盖面窄'], loc: 'estate' },
			{ s: '社区卫生服务站', a: ['推行预约和延时服务'], p: ['服务时间与居民上班时间冲突'] },
			{ s: '便民服务事项', p: ['网上办理渠道少，老年人不会用'] },
			{ s: '社区养老服务', p: ['专业人员不足，服务内容单一'] },
			{ s: '便民服务窗口', p: ['数量少，高峰期排队时间长'] },
			{ s: '四点半课堂', p: ['师资力量不足，难以满足需求'] }
		],
		suggestions: ['引入社会组织参与服务', '整合资源，拓展服务项目'],
		measures: ['实行错时延时服务', '与社会组织签订服务协议', '征求居民需求，调整服务项目'],
		responsible: ['社区居委会', '街道便民服务中心', '社区卫生服务站']
	},
	{
		code: 'community_reform',
		label: '社区管理体制改革',
		accepted: ['体制改革', '管理体制改革'],
		levels: [2, 7, 1],
		subjects: [
			{
				s: '街道社区管理体制改革后',
				a: ['厘清街道社区职责清单'],
				p: ['职能分工不清', '部分事项承接不到位']
			},
			{
				s: '社区工作事项',
				a: ['严格社区工作事项准入'],
				p: ['多头下派，台账材料繁重', '准入制度落实不严']
			},
			{ s: '网格化管理', a: ['完善网格化管理制度'], p: ['网格划分不合理，职责交叉'] },
			{ s: '社区减负措施', p: ['落实不到位，证明事项仍然偏多'] },
			{ s: '居委会与物业', p: ['协调机制不健全，职责边界不清'] },
			{ s: '社区工作者', p: ['待遇保障机制不健全，队伍不稳定'] }
		],
		suggestions: ['加强统筹协调', '建立定期会商机制'],
		measures: ['制定社区工作事项清单', '清理规范证明事项', '重新划分网格并公示'],
		responsible: ['街道党政办公室', '社区居委会']
	},
	{
		code: 'other',
		label: '其他',
		accepted: ['其它'],
		levels: [1, 2, 7],
		subjects: [
			{ s: '公共厕所', p: ['数量少，保洁不及时'], loc: 'street' },
			{ s: '流浪犬只', p: ['增多，居民出行受影响'], loc: 'estate' },
			{ s: '广场舞', p: ['噪音扰民，矛盾突出'], loc: 'estate' },
			{ s: '共享单车', p: ['乱停乱放，占用人行道'], loc: 'street' }
		],
		suggestions: ['加强巡查', '协调相关部门处理'],
		measures: ['协调城管执法中队加强管理'],
		responsible: ['社区居委会', '城管执法中队']
	}
];

export const THEME_BY_CODE: Record<ThemeCode, ThemeBank> = Object.fromEntries(
	THEMES.map((t) => [t.code, t])
) as Record<ThemeCode, ThemeBank>;

/** Endings some reporters add; the last one is how the corpus writes urgency, ASCII quotes and all. */
export const TAILS: readonly string[] = [
	'，群众反映强烈',
	'，居民多次反映',
	'，亟待解决',
	'，需街道协调解决',
	'，"急"，需协调'
];

/** Second lines some units type into the description cell (Alt+Enter in Excel). */
export const SECOND_LINES: readonly string[] = [
	'（补充说明：涉及多个单元）',
	'（补充：已向物业反映未果）',
	'（附现场照片）',
	'（第二次反映）'
];

export const GENERIC_SUGGESTIONS: readonly string[] = [
	'纳入台账，限期整改',
	'加强巡查',
	'建议街道统筹协调',
	'明确责任人，跟踪督办'
];

export const SURNAMES: readonly string[] = [
	'王',
	'李',
	'张',
	'刘',
	'陈',
	'杨',
	'赵',
	'黄',
	'周',
	'吴',
	'徐',
	'孙',
	'马',
	'朱',
	'胡',
	'郭',
	'何',
	'高',
	'林',
	'罗'
];

export const GIVEN_NAMES: readonly string[] = [
	'明',
	'华',
	'芳',
	'伟',
	'静',
	'磊',
	'敏',
	'强',
	'丽',
	'军',
	'洋',
	'勇',
	'艳',
	'杰',
	'娟',
	'涛',
	'建国',
	'秀英',
	'志刚',
	'海燕',
	'晓东',
	'玉兰',
	'立新',
	'红梅',
	'国庆',
	'桂芝'
];

export const REFERRAL_TARGETS: readonly string[] = [
	'区住建局',
	'区城管局',
	'供电公司',
	'燃气公司',
	'区市场监管局',
	'区教育局'
];

export const STALL_REASONS: readonly string[] = [
	'涉及资金问题，暂缓实施',
	'需上级部门协调，暂时搁置',
	'居民意见不统一，暂停推进'
];

export const REJECT_REASONS: readonly string[] = [
	'经核实，反映情况不属实',
	'不具备实施条件',
	'涉及私人产权，不予处理'
];
