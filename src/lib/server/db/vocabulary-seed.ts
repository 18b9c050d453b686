// The default vocabularies of csv-schema.md, as data for the seed migration. After seeding, the
// database is the source of truth (a deployment may edit themes and statuses); only migrations read
// this file.

export interface FieldSeed {
	field: string;
	labelZh: string;
	kind:
		| 'text'
		| 'date'
		| 'status'
		| 'theme'
		| 'level'
		| 'reporter_type'
		| 'satisfaction'
		| 'boolean'
		| 'integer';
	required: boolean;
	aliases: string[];
}

export const FIELD_SEED: FieldSeed[] = [
	{
		field: 'problem_id',
		labelZh: '问题编号',
		kind: 'text',
		required: false,
		aliases: ['编号', '问题编号', '序号ID', '台账编号', 'id', 'problem id']
	},
	{
		field: 'community',
		labelZh: '社区',
		kind: 'text',
		required: true,
		aliases: ['社区', '社区名称', '所属社区', '单位', '提报单位', '报送单位', 'community']
	},
	{
		field: 'street',
		labelZh: '街道',
		kind: 'text',
		required: false,
		aliases: ['街道', '所属街道', 'street']
	},
	{
		field: 'reported_at',
		labelZh: '提出时间',
		kind: 'date',
		required: true,
		aliases: [
			'提出时间',
			'反映时间',
			'登记时间',
			'登记日期',
			'收集时间',
			'日期',
			'提交日期',
			'reported',
			'date'
		]
	},
	{
		field: 'reporter_type',
		labelZh: '来源',
		kind: 'reporter_type',
		required: false,
		aliases: ['来源', '问题来源', '提出人类型', '反映主体', '提出主体', 'source']
	},
	{
		field: 'reporter',
		labelZh: '提出人',
		kind: 'text',
		required: false,
		aliases: ['提出人', '反映人', '联系人', 'reporter']
	},
	{
		field: 'theme',
		labelZh: '主题',
		kind: 'theme',
		required: false,
		aliases: [
			'主题',
			'类别',
			'问题类别',
			'问题类型',
			'分类',
			'重点方面',
			'领域',
			'theme',
			'category'
		]
	},
	{
		field: 'level',
		labelZh: '层面',
		kind: 'level',
		required: false,
		aliases: ['层面', '问题层面', 'level']
	},
	{
		field: 'title',
		labelZh: '标题',
		kind: 'text',
		required: false,
		aliases: ['标题', '问题', '问题概要', 'title']
	},
	{
		field: 'description',
		labelZh: '问题描述',
		kind: 'text',
		required: true,
		aliases: ['问题描述', '问题内容', '具体问题', '存在问题', '主要问题', 'description']
	},
	{
		field: 'suggestion',
		labelZh: '建议',
		kind: 'text',
		required: false,
		aliases: ['建议', '意见建议', '合理化建议', '对策建议', 'suggestion']
	},
	{
		field: 'measures',
		labelZh: '整改措施',
		kind: 'text',
		required: false,
		aliases: ['整改措施', '解决措施', '措施', 'measures']
	},
	{
		field: 'responsible_unit',
		labelZh: '责任单位',
		kind: 'text',
		required: false,
		aliases: ['责任单位', '责任科室', '牵头单位', '承办单位', 'responsible unit']
	},
	{
		field: 'responsible_person',
		labelZh: '责任人',
		kind: 'text',
		required: false,
		aliases: ['责任人', '负责人', '承办人', 'owner']
	},
	{
		field: 'deadline',
		labelZh: '整改时限',
		kind: 'date',
		required: false,
		aliases: ['整改时限', '完成时限', '办结时限', '期限', 'deadline']
	},
	{
		field: 'status',
		labelZh: '状态',
		kind: 'status',
		required: false,
		aliases: ['状态', '整改状态', '办理状态', '完成情况', '进展情况', '处理状态', 'status']
	},
	{
		field: 'resolved_at',
		labelZh: '完成时间',
		kind: 'date',
		required: false,
		aliases: ['完成时间', '办结时间', '整改完成时间', 'resolved']
	},
	{
		field: 'satisfaction',
		labelZh: '满意度',
		kind: 'satisfaction',
		required: false,
		aliases: ['满意度', '群众满意度', '评价', '回访满意度', 'satisfaction']
	},
	{
		field: 'is_bottleneck',
		labelZh: '瓶颈问题',
		kind: 'boolean',
		required: false,
		aliases: ['瓶颈问题', '是否瓶颈', '重点难题', 'bottleneck']
	},
	{
		field: 'note',
		labelZh: '备注',
		kind: 'text',
		required: false,
		aliases: ['备注', '说明', 'note']
	},
	{
		field: 'campaign',
		labelZh: '征集活动',
		kind: 'text',
		required: false,
		aliases: ['征集活动', '活动', '批次', '阶段', 'campaign']
	},
	{
		field: 'location',
		labelZh: '地点',
		kind: 'text',
		required: false,
		aliases: ['地点', '位置', '地址', 'location', 'address']
	},
	{
		field: 'acknowledged_at',
		labelZh: '受理时间',
		kind: 'date',
		required: false,
		aliases: ['受理时间', '交办时间', '响应时间', '受理日期', 'acknowledged']
	},
	{
		field: 'verified_at',
		labelZh: '销号时间',
		kind: 'date',
		required: false,
		aliases: ['销号时间', '验收时间', '销号日期', 'verified']
	},
	{
		field: 'progress',
		labelZh: '进度',
		kind: 'integer',
		required: false,
		aliases: ['进度', '完成进度', '进度（%）', 'progress']
	},
	{
		field: 'status_notes',
		labelZh: '办理情况',
		kind: 'text',
		required: false,
		aliases: ['办理情况', '答复意见', '办理结果', '情况说明', 'status notes']
	},
	{
		field: 'callback_resolved',
		labelZh: '回访是否解决',
		kind: 'boolean',
		required: false,
		aliases: ['回访是否解决', '回访解决', '是否解决']
	},
	{
		field: 'duplicate_of',
		labelZh: '重复于',
		kind: 'text',
		required: false,
		aliases: ['重复于', '合并至', 'duplicate of']
	}
];

export interface StatusSeed {
	code: string;
	labelZh: string;
	labelEn: string;
	type: 'open' | 'fixed' | 'closed';
	inRates: boolean;
	aliases: string[];
}

export const STATUS_SEED: StatusSeed[] = [
	{
		code: 'pending',
		labelZh: '待处理',
		labelEn: 'Pending',
		type: 'open',
		inRates: true,
		aliases: [
			'未处理',
			'待交办',
			'待受理',
			'待研判',
			'研判中',
			'已收集',
			'新增',
			'未开始',
			'open',
			'new'
		]
	},
	{
		code: 'assigned',
		labelZh: '已交办',
		labelEn: 'Assigned',
		type: 'open',
		inRates: true,
		aliases: ['已分办', '已派单', '已受理', '已转办至责任单位', 'assigned']
	},
	{
		code: 'in_progress',
		labelZh: '整改中',
		labelEn: 'In progress',
		type: 'open',
		inRates: true,
		aliases: ['处理中', '办理中', '推进中', '正在整改', '正在办理', '部分完成', 'in progress']
	},
	{
		code: 'ongoing',
		labelZh: '持续整改',
		labelEn: 'Ongoing',
		type: 'open',
		inRates: true,
		aliases: ['长期坚持', '长期推进', '持续推进', 'ongoing']
	},
	{
		code: 'stalled',
		labelZh: '搁浅',
		labelEn: 'Stalled',
		type: 'open',
		inRates: true,
		aliases: ['暂缓', '挂起', '停滞', 'stalled', 'on hold']
	},
	{
		code: 'resolved',
		labelZh: '已整改',
		labelEn: 'Resolved',
		type: 'fixed',
		inRates: true,
		aliases: ['已解决', '已完成', '已办结', '完成', '整改完成', '已落实', 'resolved', 'done']
	},
	{
		code: 'verified',
		labelZh: '已销号',
		labelEn: 'Signed off',
		type: 'fixed',
		inRates: true,
		aliases: ['销号', '已验收', '已关闭', 'verified', 'closed']
	},
	{
		code: 'not_adopted',
		labelZh: '不予处理',
		labelEn: 'Not adopted',
		type: 'closed',
		inRates: true,
		aliases: ['无法解决', '不属实', '不予采纳', 'rejected']
	},
	{
		code: 'referred',
		labelZh: '已转办',
		labelEn: 'Referred',
		type: 'closed',
		inRates: true,
		aliases: ['非职责', '转外单位', '不属于职责', 'referred']
	},
	{
		code: 'duplicate',
		labelZh: '重复',
		labelEn: 'Duplicate',
		type: 'closed',
		inRates: false,
		aliases: ['重复反映', '已合并', 'duplicate']
	},
	{
		code: 'withdrawn',
		labelZh: '撤回',
		labelEn: 'Withdrawn',
		type: 'closed',
		inRates: false,
		aliases: ['已撤回', 'withdrawn']
	}
];

export interface ThemeSeed {
	code: string;
	labelZh: string;
	labelEn: string;
	aliases: string[];
	keywords: string[];
}

export const THEME_SEED: ThemeSeed[] = [
	{
		code: 'growth_drivers',
		labelZh: '新旧动能转换',
		labelEn: 'New growth drivers',
		aliases: ['动能转换', '新动能'],
		keywords: ['产业升级', '新动能', '传统产业', '转型']
	},
	{
		code: 'investment_talent',
		labelZh: '双招双引',
		labelEn: 'Investment & talent',
		aliases: ['招商引资', '招才引智', '招商引才'],
		keywords: ['招商', '招才', '引资', '引智', '人才引进', '项目落地']
	},
	{
		code: 'old_town_renewal',
		labelZh: '老城区复兴发展',
		labelEn: 'Old town renewal',
		aliases: ['西部老城区复兴发展', '西部老城区复兴', '老城区复兴', '城市更新'],
		keywords: ['老城区', '西部老城', '旧改', '历史街区', '城市更新', '棚改']
	},
	{
		code: 'business_environment',
		labelZh: '营商环境',
		labelEn: 'Business environment',
		aliases: ['优化营商环境'],
		keywords: ['营商', '审批', '办事效率', '企业服务', '准入']
	},
	{
		code: 'cadre_ability',
		labelZh: '干部能力',
		labelEn: 'Cadre ability',
		aliases: ['干部作风', '干部队伍建设', '干部能力作风'],
		keywords: ['干部', '能力', '作风', '担当', '本领', '培训']
	},
	{
		code: 'safety',
		labelZh: '安全生产',
		labelEn: 'Work safety',
		aliases: ['安全', '安全稳定'],
		keywords: ['安全', '隐患', '消防', '燃气', '生产事故']
	},
	{
		code: 'property_safety',
		labelZh: '物业配套与小区安全',
		labelEn: 'Property & estate safety',
		aliases: ['物业管理', '小区安全', '物业配套'],
		keywords: ['物业', '小区', '电梯', '楼道', '停车', '监控']
	},
	{
		code: 'organization_building',
		labelZh: '组织建设',
		labelEn: 'Party organisation',
		aliases: ['党建', '基层党建'],
		keywords: ['党建', '支部', '组织', '党员管理']
	},
	{
		code: 'service_innovation',
		labelZh: '便民服务创新',
		labelEn: 'Service innovation',
		aliases: ['便民服务', '为民服务', '惠民服务'],
		keywords: ['便民', '惠民', '服务项目', '为民']
	},
	{
		code: 'community_reform',
		labelZh: '社区管理体制改革',
		labelEn: 'Community governance reform',
		aliases: ['体制改革', '管理体制改革'],
		keywords: ['体制', '职能分工', '管理体制', '改革']
	},
	{ code: 'other', labelZh: '其他', labelEn: 'Other', aliases: ['其它'], keywords: [] }
];

/** Small closed vocabularies: kind -> code -> { zh, en, aliases }. */
export interface TermSeed {
	kind: 'level' | 'reporter_type' | 'satisfaction' | 'boolean';
	code: string;
	labelZh: string;
	labelEn: string;
	aliases: string[];
}

export const TERM_SEED: TermSeed[] = [
	{
		kind: 'level',
		code: 'thought',
		labelZh: '思想层面',
		labelEn: 'Thinking',
		aliases: ['思想', 'thought']
	},
	{ kind: 'level', code: 'work', labelZh: '工作层面', labelEn: 'Work', aliases: ['工作', 'work'] },
	{
		kind: 'level',
		code: 'life',
		labelZh: '生活层面',
		labelEn: 'Daily life',
		aliases: ['生活', 'life']
	},
	{
		kind: 'reporter_type',
		code: 'party_member',
		labelZh: '党员',
		labelEn: 'Party member',
		aliases: ['party member']
	},
	{
		kind: 'reporter_type',
		code: 'community_worker',
		labelZh: '社区工作者',
		labelEn: 'Community worker',
		aliases: ['community worker']
	},
	{
		kind: 'reporter_type',
		code: 'branch_secretary',
		labelZh: '片支部书记',
		labelEn: 'Sub-branch secretary',
		aliases: ['sub-branch secretary']
	},
	{
		kind: 'reporter_type',
		code: 'enterprise',
		labelZh: '企业',
		labelEn: 'Enterprise',
		aliases: ['enterprise']
	},
	{
		kind: 'reporter_type',
		code: 'social_organisation',
		labelZh: '社会组织',
		labelEn: 'Social organisation',
		aliases: ['social organisation', 'social organization']
	},
	{
		kind: 'reporter_type',
		code: 'residents_rep',
		labelZh: '居民代表',
		labelEn: "Residents' representative",
		aliases: ["residents' representative"]
	},
	{
		kind: 'reporter_type',
		code: 'congress_deputy',
		labelZh: '人大代表',
		labelEn: "People's congress deputy",
		aliases: ["people's congress deputy"]
	},
	{
		kind: 'reporter_type',
		code: 'other',
		labelZh: '其他',
		labelEn: 'Other',
		aliases: ['其它', 'other']
	},
	{
		kind: 'satisfaction',
		code: 'very_satisfied',
		labelZh: '非常满意',
		labelEn: 'Very satisfied',
		aliases: ['very satisfied']
	},
	{
		kind: 'satisfaction',
		code: 'satisfied',
		labelZh: '满意',
		labelEn: 'Satisfied',
		aliases: ['satisfied']
	},
	{
		kind: 'satisfaction',
		code: 'basic',
		labelZh: '基本满意',
		labelEn: 'Fairly satisfied',
		aliases: ['basic', 'basically satisfied']
	},
	{
		kind: 'satisfaction',
		code: 'unsatisfied',
		labelZh: '不满意',
		labelEn: 'Unsatisfied',
		aliases: ['unsatisfied', 'dissatisfied']
	},
	{
		kind: 'satisfaction',
		code: 'very_unsatisfied',
		labelZh: '非常不满意',
		labelEn: 'Very unsatisfied',
		aliases: ['very unsatisfied', 'very dissatisfied']
	},
	{
		kind: 'boolean',
		code: 'true',
		labelZh: '是',
		labelEn: 'Yes',
		aliases: ['y', 'yes', 'true', '1', '√']
	},
	{
		kind: 'boolean',
		code: 'false',
		labelZh: '否',
		labelEn: 'No',
		aliases: ['n', 'no', 'false', '0', '×']
	}
];
