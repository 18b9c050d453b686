// Labelled Chinese citizen messages for the theme classifier's tests and bench: seven first-level
// categories as on a government message board, a taxonomy without keywords, and messages composed
// from varied parts (openers, places, one to three complaints, how long, what was tried, the ask),
// with vocabulary shared across categories (学校门口拥堵 is traffic, 小区噪音 is environment, 工地欠薪
// is labour), off-topic asides, typing noise, and a few labels an annotator could have set either way.
import { mulberry32 } from '../../src/lib/server/seeded-random';

export interface Category {
	code: string;
	label: string;
	/** Subjects with what goes wrong with them. */
	issues: { s: readonly string[]; p: readonly string[] }[];
	/** What the writer asks for. */
	asks: readonly string[];
	/** A category whose messages this one's are sometimes filed under. */
	near: string;
}

export const CATEGORIES: readonly Category[] = [
	{
		code: 'urban_construction',
		label: '城乡建设',
		near: 'environment',
		issues: [
			{
				s: ['小区', '我们小区', '安置小区', '老旧小区'],
				p: [
					'外墙瓷砖脱落砸坏了车辆',
					'雨水管道堵塞一下雨就积水',
					'二次供水水压不足高层经常停水',
					'房屋墙体开裂漏水',
					'楼顶防水层老化，顶楼住户家里发霉',
					'地下管网老化多次爆管'
				]
			},
			{
				s: ['开发商', '房地产公司', '售楼处'],
				p: [
					'逾期两年不交房',
					'承诺的配套幼儿园一直没有建',
					'交房后迟迟办不下不动产证',
					'房屋实测面积与合同不符',
					'擅自更改规划把绿地改成车位'
				]
			},
			{
				s: ['拆迁', '棚户区改造', '征收'],
				p: [
					'补偿标准不公开',
					'安置房建设进度严重滞后',
					'过渡安置费已经停发半年',
					'评估价格明显低于市场价'
				]
			},
			{
				s: ['路灯', '人行道', '窨井盖', '背街小巷'],
				p: [
					'损坏很久没人修，晚上一片漆黑',
					'破损塌陷，老人孩子经常摔倒',
					'被挖开后一直没有恢复',
					'坑洼不平，电动车经过很危险'
				]
			},
			{
				s: ['违章建筑', '私搭乱建', '楼顶加盖'],
				p: ['一楼住户私自扩建院子占用公共通道', '有人在楼顶搭建彩钢房', '举报多次仍未拆除']
			},
			{
				s: ['供暖', '燃气管道', '自来水'],
				p: ['暖气不热室温只有十几度', '燃气入户迟迟不安装', '自来水发黄有异味，怀疑管道锈蚀']
			},
			{
				s: ['物业'],
				p: ['物业费上涨却不公示收支', '电梯坏了物业拖着不修', '公共维修基金使用不透明']
			}
		],
		asks: [
			'请住建部门督促整改',
			'希望城管部门依法拆除',
			'请有关部门尽快维修',
			'请求尽快落实安置',
			'希望规划部门给个说法'
		]
	},
	{
		code: 'environment',
		label: '环境保护',
		near: 'urban_construction',
		issues: [
			{
				s: ['化工厂', '工厂', '企业', '小作坊', '搅拌站'],
				p: [
					'夜间偷排废气，气味刺鼻',
					'把污水直接排进河道',
					'粉尘很大，窗台每天一层灰',
					'烟囱冒黑烟',
					'生产噪音日夜不停'
				]
			},
			{
				s: ['河道', '池塘', '水库', '小河'],
				p: ['水体发黑发臭，死鱼漂浮', '被倾倒大量建筑垃圾', '岸边堆满生活垃圾无人清理']
			},
			{
				s: ['工地', '施工现场', '夜间施工'],
				p: ['半夜还在打桩，噪音吵得无法入睡', '扬尘没有任何遮盖措施', '渣土车撒漏，路面全是泥']
			},
			{
				s: ['饭店', '烧烤摊', '餐馆'],
				p: ['油烟直排到居民楼里', '没有安装油烟净化设备', '排风机噪音很大']
			},
			{
				s: ['养殖场', '垃圾中转站', '垃圾焚烧厂'],
				p: ['臭味熏天，夏天窗户都不敢开', '污水横流，蚊蝇滋生', '离居民区太近，担心影响健康']
			},
			{
				s: ['小区', '广场'],
				p: ['广场舞音响声音太大', '空调外机噪音扰民', '垃圾分类设施形同虚设']
			}
		],
		asks: [
			'请环保部门尽快查处',
			'希望生态环境局上门检测',
			'请求依法关停污染企业',
			'请有关部门加强监管，还我们一片蓝天',
			'希望对排污口进行监测'
		]
	},
	{
		code: 'transport',
		label: '交通运输',
		near: 'urban_construction',
		issues: [
			{
				s: ['公交车', '公交线路', '路公交', '公交站'],
				p: [
					'发车间隔太长，等一个小时都来不了',
					'司机不等乘客坐稳就开车',
					'线路调整后我们村就没有车了',
					'站台没有遮雨棚',
					'末班车太早，下班后没车回家'
				]
			},
			{
				s: ['路口', '红绿灯', '十字路口', '学校门口'],
				p: [
					'早晚高峰堵得水泄不通',
					'红绿灯时间设置不合理，左转只有十几秒',
					'没有斑马线，学生过马路很危险',
					'接送孩子的车辆乱停乱放造成拥堵'
				]
			},
			{
				s: ['出租车', '网约车', '黑车'],
				p: ['拒载挑客', '不打表乱收费', '在火车站长期非法揽客', '司机绕路多收费']
			},
			{
				s: ['停车场', '停车位', '路边停车'],
				p: ['收费标准不明确', '被占用收费却没有票据', '僵尸车长期占用车位']
			},
			{
				s: ['驾照', '车辆年检', '违章处理'],
				p: ['预约不上考试', '年检排队要一整天', '电子眼抓拍有误，申诉无门']
			},
			{
				s: ['高速公路', '国道', '客运站', '长途汽车'],
				p: ['收费站排长队', '大货车超载严重', '班次取消却不通知乘客', '路面坑洞很多']
			}
		],
		asks: [
			'请交通部门优化线路',
			'建议交警增设信号灯',
			'请运管部门严厉查处',
			'希望增加班次方便出行',
			'请交警部门加强疏导'
		]
	},
	{
		code: 'education',
		label: '教育文体',
		near: 'labour',
		issues: [
			{
				s: ['孩子上学', '小学招生', '学区', '入学'],
				p: [
					'户口在这里却被划到很远的学校',
					'外地务工人员子女入学要的材料太多',
					'学区划分不公开',
					'报名系统一直登录不上'
				]
			},
			{
				s: ['学校', '中学', '小学', '幼儿园'],
				p: [
					'违规收取资料费',
					'强制学生订购教辅',
					'放学太早家长没法接',
					'食堂饭菜质量差，孩子吃不饱',
					'老师体罚学生',
					'作业负担太重孩子每天写到深夜'
				]
			},
			{
				s: ['培训机构', '辅导班', '补习班'],
				p: ['在职老师有偿补课', '突然关门学费不退', '无资质办学']
			},
			{
				s: ['老师', '教师', '代课老师'],
				p: ['工资待遇长期偏低', '绩效工资发放不公平', '编制问题多年没解决', '职称评定不透明']
			},
			{
				s: ['体育馆', '图书馆', '文化站', '篮球场'],
				p: ['长期关闭不对外开放', '收费太高', '设施破损无人维护', '开放时间太短']
			},
			{
				s: ['高考', '中考', '考试'],
				p: ['加分政策不透明', '考场周边噪音太大', '成绩复核没有回应']
			}
		],
		asks: [
			'请教育局调查处理',
			'希望教育部门给予答复',
			'请文体部门加强管理',
			'希望合理划分学区',
			'恳请教育主管部门重视'
		]
	},
	{
		code: 'labour',
		label: '劳动和社会保障',
		near: 'health',
		issues: [
			{
				s: ['公司', '工地', '老板', '包工头', '劳务公司'],
				p: [
					'拖欠我们农民工工资半年多',
					'不签劳动合同就让上岗',
					'不给员工缴纳社保',
					'无故辞退员工不给补偿',
					'加班不给加班费'
				]
			},
			{
				s: ['养老保险', '社保', '退休金', '养老金'],
				p: [
					'转移接续手续办不下来',
					'断缴多年能不能补缴',
					'退休后待遇核算有误',
					'办理退休要跑好几个部门'
				]
			},
			{
				s: ['失业金', '低保', '困难补助', '人才补贴'],
				p: ['申请了三个月还没发放', '审核标准不公开', '被无故取消资格']
			},
			{
				s: ['工伤', '职业病'],
				p: ['认定迟迟没有结果', '单位不配合提供材料', '鉴定费用太高']
			},
			{
				s: ['医保', '居民医保', '异地就医'],
				p: ['报销比例太低', '备案手续复杂', '门诊费用不能报销']
			}
		],
		asks: [
			'请劳动监察部门帮我们讨回工资',
			'希望人社局给予答复',
			'请社保中心尽快核实',
			'请劳动仲裁部门依法处理',
			'恳请人社部门为我们做主'
		]
	},
	{
		code: 'commerce_tourism',
		label: '商贸旅游',
		near: 'health',
		issues: [
			{
				s: ['健身房', '理发店', '美容院', '商家', '洗车店'],
				p: ['办了预付卡后突然跑路', '诱导消费后拒不退款', '虚假宣传', '强制消费']
			},
			{
				s: ['超市', '商场', '农贸市场', '菜市场'],
				p: [
					'销售过期食品',
					'缺斤短两',
					'价格标签与结算价格不一致',
					'摊位费上涨太快',
					'占道经营堵塞道路'
				]
			},
			{
				s: ['景区', '旅行社', '导游', '酒店'],
				p: ['门票价格过高', '强迫游客购物', '旅游团行程缩水', '节假日坐地起价', '卫生条件很差']
			},
			{
				s: ['快递', '网购', '电商平台'],
				p: ['快递丢失不赔偿', '网购商品质量有问题商家不处理', '快递网点乱收费']
			},
			{
				s: ['加油站', '充电桩', '二手车市场'],
				p: ['油品质量有问题', '收费不透明', '合同陷阱很多']
			}
		],
		asks: [
			'请市场监管部门依法查处',
			'希望商务局加强管理',
			'请旅游部门整顿市场秩序',
			'请帮助消费者维权',
			'希望尽快退款'
		]
	},
	{
		code: 'health',
		label: '卫生计生',
		near: 'labour',
		issues: [
			{
				s: ['医院', '人民医院', '卫生院', '社区医院', '诊所'],
				p: [
					'医生态度恶劣',
					'挂号难排队时间太长',
					'乱收费开大处方',
					'误诊导致病情加重',
					'夜间急诊没有医生值班'
				]
			},
			{
				s: ['疫苗', '预防接种', '体检'],
				p: ['接种点预约不上', '疫苗短缺孩子一直打不上', '体检报告迟迟拿不到']
			},
			{
				s: ['生育', '二孩', '计划生育', '独生子女'],
				p: [
					'准生证办理手续繁琐',
					'独生子女父母奖励一直没发',
					'生育登记要求的证明太多',
					'计生特扶金标准偏低'
				]
			},
			{
				s: ['黑诊所', '药店', '无证行医'],
				p: ['给病人输液出了问题', '销售假药', '没有执业医师坐诊']
			},
			{
				s: ['餐馆', '食堂', '小吃店'],
				p: ['后厨卫生太差，吃完拉肚子', '从业人员没有健康证']
			}
		],
		asks: [
			'请卫健委调查处理',
			'希望卫生部门加强监管',
			'请卫生监督所依法取缔',
			'恳请卫生健康部门给予答复',
			'希望尽快落实政策'
		]
	}
];

const OPENERS = [
	'',
	'',
	'您好，',
	'领导您好！',
	'尊敬的领导：',
	'我是附近的居民，',
	'本人是外地来务工的，',
	'我想反映一个情况，',
	'我是一名退休职工，',
	'作为一名老党员，'
];
const PLACES = [
	'',
	'',
	'红星路',
	'东城区',
	'城西新区',
	'长青街道',
	'幸福村',
	'开发区',
	'城北',
	'南湖片区',
	'我们县',
	'火车站附近'
];
const SINCE = [
	'',
	'',
	'这个问题已经持续两年了，',
	'从去年开始就这样，',
	'最近一个月越来越严重，',
	'已经三个多月了，',
	'每年夏天都这样，'
];
const TRIED = [
	'',
	'',
	'',
	'打了好几次12345热线都没有结果，',
	'向社区反映过，社区说不归他们管，',
	'之前在网上留言过，回复说已转办，但至今没有任何变化，',
	'找过相关单位，互相推诿，'
];
const ASIDES = [
	'',
	'',
	'',
	'',
	'另外附近的垃圾桶也太少了。',
	'顺便说一下小区门口的路灯也不亮。',
	'家里还有老人需要照顾，实在耽误不起。',
	'孩子马上要上学了，很着急。',
	'上次停电也是很久才来修。'
];
const GENERIC_ASKS = [
	'请有关部门尽快处理',
	'希望相关部门重视',
	'请领导过问一下',
	'望尽快解决',
	'请给个答复',
	'希望能够得到妥善解决',
	''
];
const ENDINGS = ['', '谢谢！', '万分感谢。', '盼回复。', '望尽快处理！', '谢谢领导'];

const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

export interface LabelledMessage {
	id: string;
	title: string | null;
	description: string;
	/** The category the message belongs to. */
	truth: string;
	/** What the file says: the truth, a near category now and then, or blank. */
	label: string | null;
}

function noisy(random: () => number, text: string): string {
	let out = text;
	if (random() < 0.15) out = out.replace(/，/g, () => (random() < 0.3 ? ',' : '，'));
	if (random() < 0.1) out = out.replace(/。$/, '。。。');
	if (random() < 0.1) out += `联系电话13${Math.floor(random() * 1e9)}`;
	if (random() < 0.08) out = out.replace('我们', '俺们');
	return out;
}

/** An off-topic complaint from another category, as real messages carry now and then. */
function aside(random: () => number, category: Category): string {
	const others = CATEGORIES.filter((c) => c !== category);
	const issue = pick(random, pick(random, others).issues);
	return `另外${pick(random, issue.s)}${pick(random, issue.p)}的事也希望一并关注。`;
}

function message(random: () => number, category: Category): { title: string | null; text: string } {
	const complaints: string[] = [];
	const issue = pick(random, category.issues);
	// A subject is sometimes left implicit ("收费不透明" alone could be any category's).
	const subject = random() < 0.15 ? '' : pick(random, issue.s);
	const count = 1 + Math.floor(random() * 2.2);
	for (let i = 0; i < count; i++) {
		const p = pick(random, issue.p);
		if (!complaints.some((c) => c.endsWith(p))) complaints.push(i === 0 ? `${subject}${p}` : p);
	}
	// A second issue of the same category now and then.
	if (random() < 0.25) {
		const other = pick(random, category.issues);
		complaints.push(`还有${pick(random, other.s)}${pick(random, other.p)}`);
	}
	const place = pick(random, PLACES);
	const body =
		pick(random, OPENERS) +
		(place ? `${place}${random() < 0.5 ? '这边' : ''}` : '') +
		complaints.join('，') +
		'。' +
		pick(random, SINCE) +
		pick(random, TRIED) +
		(random() < 0.5 ? pick(random, category.asks) : pick(random, GENERIC_ASKS)) +
		'。' +
		(random() < 0.2 ? aside(random, category) : pick(random, ASIDES)) +
		pick(random, ENDINGS);
	const title =
		random() < 0.6
			? random() < 0.5
				? `关于${place}${subject}${pick(random, issue.p).slice(0, 6)}的问题`
				: `${subject}${pick(random, issue.p).replace(/[，,].*$/, '')}`
			: null;
	return { title, text: noisy(random, body) };
}

/**
 * `rows` messages, categories in uneven shares (as on a real board: most about building and
 * labour, few about tourism); `blankShare` of them carry no label; `labelNoise` of the labelled
 * ones carry the category's near neighbour instead.
 */
export function labelledMessages(
	rows: number,
	opts: { seed?: number; blankShare?: number; labelNoise?: number } = {}
): LabelledMessage[] {
	const random = mulberry32(opts.seed ?? 494);
	const blankShare = opts.blankShare ?? 0.2;
	const labelNoise = opts.labelNoise ?? 0.04;
	const shares = [0.22, 0.14, 0.12, 0.16, 0.18, 0.08, 0.1];
	const out: LabelledMessage[] = [];
	for (let i = 0; i < rows; i++) {
		let r = random();
		let k = 0;
		while (k < shares.length - 1 && r >= shares[k]) r -= shares[k++];
		const category = CATEGORIES[k];
		const { title, text } = message(random, category);
		const blank = random() < blankShare;
		const label = blank
			? null
			: random() < labelNoise
				? CATEGORIES.find((c) => c.code === category.near)!.label
				: category.label;
		out.push({
			id: `M${String(i + 1).padStart(6, '0')}`,
			title,
			description: text,
			truth: category.code,
			label
		});
	}
	return out;
}

/** The taxonomy of these messages as `themes import` reads it: seven themes, no keywords. */
export function taxonomyCsv(): string {
	return [
		'code,label_zh,label_en,aliases,keywords',
		...CATEGORIES.map((c) => `${c.code},${c.label},${c.code},,`)
	].join('\n');
}

/** The code of a label of the taxonomy (labels here are always the category's own). */
export function codeOfLabel(label: string): string {
	return CATEGORIES.find((c) => c.label === label)!.code;
}
