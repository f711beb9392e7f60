"""Place-name tables for the demo regions.

Every code lives under the fictional province prefix ``99`` (real province codes stop at 82),
so no demo region and no demo ID number can belong to a real place or person. Codes follow the
statistical division-code scheme: township 001–099 街道, 100–199 镇, 200–299 乡; village
001–199 社区 (居委会), 200–399 村 (村委会).

Township names carry their pinyin because staff usernames are built from them
(``sfs_chengguan_1``); the pinyin of every entry is distinct for that reason.
"""

from __future__ import annotations

PROVINCE_CODE = "990000"
# The province, its first city and the first county are all 示范: 示范省, 示范市, 示范县.
DEMO_NAME = ("示范", "shifan")
PROVINCE_NAME = DEMO_NAME[0] + "省"

# Halves of fictional county and city names, with pinyin: 安 + 平 -> 安平县, "anping".
NAME_HEADS: tuple[tuple[str, str], ...] = (
    ("安", "an"), ("宁", "ning"), ("兴", "xing"), ("丰", "feng"), ("泰", "tai"), ("临", "lin"),
    ("永", "yong"), ("新", "xin"), ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"),
    ("青", "qing"), ("白", "bai"), ("黄", "huang"), ("金", "jin"), ("石", "shi"), ("云", "yun"),
    ("桃", "tao"), ("柳", "liu"), ("松", "song"), ("宝", "bao"), ("龙", "long"), ("华", "hua"),
    ("高", "gao"), ("广", "guang"), ("武", "wu"), ("文", "wen"), ("嘉", "jia"), ("德", "de"),
    ("福", "fu"), ("瑞", "rui"), ("怀", "huai"),
)
NAME_TAILS: tuple[tuple[str, str], ...] = (
    ("平", "ping"), ("阳", "yang"), ("城", "cheng"), ("山", "shan"), ("水", "shui"),
    ("川", "chuan"), ("河", "he"), ("江", "jiang"), ("源", "yuan"), ("昌", "chang"),
    ("乐", "le"), ("陵", "ling"), ("泉", "quan"), ("谷", "gu"), ("林", "lin"), ("溪", "xi"),
    ("台", "tai"), ("康", "kang"), ("定", "ding"),
)

# (name without suffix, pinyin). The first county always has 城关镇 as its seat.
SEAT_TOWN = ("城关", "chengguan")
STREETS: tuple[tuple[str, str], ...] = (
    ("东关", "dongguan"), ("西关", "xiguan"), ("南关", "nanguan"), ("北关", "beiguan"),
    ("城东", "chengdong"), ("城西", "chengxi"), ("城南", "chengnan"), ("城北", "chengbei"),
    ("凤凰", "fenghuang"), ("文昌", "wenchang"), ("新华", "xinhua"), ("人民路", "renminlu"),
)
TOWNS: tuple[tuple[str, str], ...] = (
    ("石桥", "shiqiao"), ("龙泉", "longquan"), ("双河", "shuanghe"), ("新集", "xinji"),
    ("马庄", "mazhuang"), ("高桥", "gaoqiao"), ("白马", "baima"), ("黄庄", "huangzhuang"),
    ("清水", "qingshui"), ("太平", "taiping"), ("永安", "yongan"), ("杨集", "yangji"),
    ("三合", "sanhe"), ("官庄", "guanzhuang"), ("古城", "gucheng"), ("金山", "jinshan"),
    ("青龙", "qinglong"), ("桃源", "taoyuan"), ("长岭", "changling"), ("石门", "shimen"),
    ("大王庄", "dawangzhuang"), ("红星", "hongxing"),
)
XIANG: tuple[tuple[str, str], ...] = (
    ("柳河", "liuhe"), ("西山", "xishan"), ("南湖", "nanhu"), ("北岭", "beiling"),
    ("枣林", "zaolin"), ("杏花", "xinghua"), ("梨园", "liyuan"), ("沙河", "shahe"),
    ("花园", "huayuan"), ("东岗", "donggang"), ("槐树", "huaishu"), ("孙庄", "sunzhuang"),
    ("马坊", "mafang"), ("五里铺", "wulipu"), ("桑园", "sangyuan"),
)

# Village names: a head and a landform, e.g. 王家 + 庄 -> 王家庄村, 石 + 桥 -> 石桥村.
VILLAGE_HEADS: tuple[str, ...] = (
    "王家", "李家", "张家", "刘家", "陈家", "杨家", "赵家", "周家", "吴家", "孙家", "马家",
    "朱家", "胡家", "郭家", "何家", "高家", "罗家", "石", "柳", "杨", "桃", "枣", "槐", "杏",
    "梨", "桑", "榆", "松", "柏", "竹", "白", "黄", "青", "红", "龙", "凤", "牛", "鹿", "东",
    "西", "南", "北", "前", "后", "上", "下", "大", "小", "新", "老", "双", "三", "十里", "太平",
    "永兴", "丰收", "富民", "安乐",
)
VILLAGE_TAILS: tuple[str, ...] = (
    "庄", "沟", "湾", "坪", "岭", "河", "铺", "营", "寨", "堡", "屯", "店", "口", "桥", "集",
    "坡", "洼", "峪", "山", "头", "园", "塘", "岗", "台", "井", "林", "坝",
)
# Names from the collective era that many villages still carry.
VILLAGE_WHOLE: tuple[str, ...] = ("胜利", "团结", "红旗", "先锋", "光明", "幸福", "民主", "建设", "向阳", "联合")
COMMUNITIES: tuple[str, ...] = (
    "东风", "建设路", "人民路", "解放路", "文化路", "朝阳", "幸福里", "和平", "新华", "育才",
    "府前", "滨河", "花园", "锦绣", "阳光", "翠苑", "康乐", "南苑", "北苑", "东苑", "西苑",
    "站前", "商贸城", "工业园", "紫荆", "丽景", "春晖", "振兴", "金桥", "书院",
)
# Streets and estates for community addresses: 建设路18号3栋2单元502室.
ROADS: tuple[str, ...] = (
    "建设路", "人民路", "解放路", "文化路", "中山路", "滨河路", "新华路", "胜利路", "光明街",
    "府前街", "育才路", "朝阳路", "迎宾大道", "工业路", "车站路",
)
ESTATES: tuple[str, ...] = (
    "幸福里小区", "阳光花园", "锦绣家园", "翠苑小区", "金色华庭", "书香苑", "滨河湾",
    "康乐小区", "丽景苑", "春晖小区",
)

# Household-register codes for people registered outside the demo counties. All under the
# fictional 99 prefix, so the ID numbers built on them cannot be real.
OUTSIDE_HOUSEHOLD_CODES: tuple[str, ...] = ("990221", "990322", "990423", "990524", "990625", "990726")
