"""Thai planning vocabulary for the synthetic cascade (:mod:`plangraph.synth`).

Every word and phrase is taken from, or modelled on, the seed plans in ``data/`` (พัฒนา,
ท่องเที่ยว, เกษตร, มูลค่าเพิ่ม, ยั่งยืน, …) and comes as a ``(Thai, English)`` pair, so a
composed label has a matching English gloss. No random Unicode: labels read like plan text.
"""

from __future__ import annotations

from dataclasses import dataclass

Pair = tuple[str, str]

#: The National Strategy's six strategies (titles as in data/national-strategy.ttl).
NATIONAL_STRATEGIES: tuple[Pair, ...] = (
    ("ยุทธศาสตร์ชาติด้านความมั่นคง", "National Strategy on security"),
    ("ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน",
     "National Strategy on competitiveness enhancement"),
    ("ยุทธศาสตร์ชาติด้านการพัฒนาและเสริมสร้างศักยภาพทรัพยากรมนุษย์",
     "National Strategy on human resource development and strengthening"),
    ("ยุทธศาสตร์ชาติด้านการสร้างโอกาสและความเสมอภาคทางสังคม",
     "National Strategy on social opportunity and equality"),
    ("ยุทธศาสตร์ชาติด้านการสร้างการเติบโตบนคุณภาพชีวิตที่เป็นมิตรกับสิ่งแวดล้อม",
     "National Strategy on eco-friendly growth with quality of life"),
    ("ยุทธศาสตร์ชาติด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ",
     "National Strategy on rebalancing and developing public-sector administration"),
)

#: The 12th NESDP's ten strategies (data/nesdp-12.ttl) and the National Strategy each serves.
NESDP_STRATEGIES: tuple[tuple[str, str, int], ...] = (
    ("ยุทธศาสตร์การเสริมสร้างและพัฒนาศักยภาพทุนมนุษย์",
     "Strengthening and developing the potential of human capital", 3),
    ("ยุทธศาสตร์การสร้างความเป็นธรรมและลดความเหลื่อมล้ำในสังคม",
     "Creating fairness and reducing inequality in society", 4),
    ("ยุทธศาสตร์การสร้างความเข้มแข็งทางเศรษฐกิจและแข่งขันได้อย่างยั่งยืน",
     "Strengthening the economy and competing sustainably", 2),
    ("ยุทธศาสตร์การเติบโตที่เป็นมิตรกับสิ่งแวดล้อมเพื่อการพัฒนาที่ยั่งยืน",
     "Environmentally friendly growth for sustainable development", 5),
    ("ยุทธศาสตร์การเสริมสร้างความมั่นคงแห่งชาติเพื่อการพัฒนาประเทศสู่ความมั่งคั่งและยั่งยืน",
     "Strengthening national security for prosperity and sustainability", 1),
    ("ยุทธศาสตร์การบริหารจัดการในภาครัฐการป้องกันการทุจริตประพฤติมิชอบและธรรมาภิบาลในสังคมไทย",
     "Public-sector management, prevention of corruption and good governance", 6),
    ("ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐานและระบบโลจิสติกส์",
     "Developing infrastructure and logistics systems", 2),
    ("ยุทธศาสตร์การพัฒนาวิทยาศาสตร์เทคโนโลยีวิจัยและนวัตกรรม",
     "Developing science, technology, research and innovation", 2),
    ("ยุทธศาสตร์การพัฒนาภาคเมืองและพื้นที่เศรษฐกิจ",
     "Developing regions, cities and economic zones", 4),
    ("ยุทธศาสตร์ความร่วมมือระหว่างประเทศเพื่อการพัฒนา",
     "International cooperation for development", 1),
)

#: NESDC's six regions: slug, Thai, English.
REGIONS: tuple[tuple[str, str, str], ...] = (
    ("north", "ภาคเหนือ", "Northern region"),
    ("northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeastern region"),
    ("central", "ภาคกลาง", "Central region"),
    ("east", "ภาคตะวันออก", "Eastern region"),
    ("south", "ภาคใต้", "Southern region"),
    ("south-border", "ภาคใต้ชายแดน", "Southern border region"),
)

#: Parts of a cluster name: ภาคเหนือตอนบน ๑.
CLUSTER_PARTS: tuple[Pair, ...] = (("ตอนบน", "Upper"), ("ตอนกลาง", "Middle"), ("ตอนล่าง", "Lower"))

#: Syllables for province names (Thai, romanised): prefix + [middle] + suffix.
NAME_PREFIXES: tuple[Pair, ...] = (
    ("ศรี", "Si"), ("นคร", "Nakhon"), ("สุวรรณ", "Suwan"), ("เชียง", "Chiang"), ("ลำ", "Lam"),
    ("ชัย", "Chai"), ("อุทัย", "Uthai"), ("กำแพง", "Kamphaeng"), ("พิชัย", "Phichai"),
    ("ปราจีน", "Prachin"), ("สระ", "Sa"), ("บาง", "Bang"), ("ทุ่ง", "Thung"), ("หนอง", "Nong"),
    ("ดอน", "Don"), ("แม่", "Mae"),
)
NAME_MIDDLES: tuple[Pair, ...] = (
    ("ทอง", "thong"), ("แก้ว", "kaeo"), ("ราช", "rat"), ("สิงห์", "sing"),
)
NAME_SUFFIXES: tuple[Pair, ...] = (
    ("บุรี", "Buri"), ("ธานี", "Thani"), ("ทอง", "Thong"), ("เพชร", "Phet"), ("ภูมิ", "Phum"),
    ("สวรรค์", "Sawan"), ("ราม", "Ram"), ("แก้ว", "Kaeo"), ("คำ", "Kham"), ("ใหม่", "Mai"),
)

VERBS: tuple[Pair, ...] = (
    ("พัฒนา", "Develop"), ("ส่งเสริม", "Promote"), ("ยกระดับ", "Upgrade"),
    ("เสริมสร้าง", "Strengthen"), ("สนับสนุน", "Support"), ("ฟื้นฟู", "Restore"),
    ("เพิ่มขีดความสามารถของ", "Raise the capacity of"), ("บริหารจัดการ", "Manage"),
)

QUALIFIERS: tuple[Pair, ...] = (
    ("อย่างยั่งยืน", "sustainably"),
    ("ให้มีคุณภาพและได้มาตรฐาน", "to quality standards"),
    ("ด้วยภูมิปัญญาและนวัตกรรม", "with local wisdom and innovation"),
    ("อย่างทั่วถึงและเป็นธรรม", "inclusively and fairly"),
    ("ตามหลักปรัชญาของเศรษฐกิจพอเพียง", "following the Sufficiency Economy Philosophy"),
    ("เพื่อสร้างมูลค่าเพิ่มสูง", "to create high added value"),
    ("เชื่อมโยงสู่ตลาดทั้งในและต่างประเทศ", "linked to domestic and foreign markets"),
    ("โดยการมีส่วนร่วมของชุมชน", "with community participation"),
)


@dataclass(frozen=True)
class IndicatorTemplate:
    """One kind of indicator: subject, unit, wanted direction and a plausible target range."""

    th: str
    en: str
    unit: str  # a qudt:Unit CURIE from ontology/units.ttl
    direction: str  # pg:Increase, pg:Decrease, pg:AtLeast, pg:AtMost
    measure: str  # pg:Level or pg:Change
    low: float
    high: float
    decimals: int = 0


@dataclass(frozen=True)
class Theme:
    """A planning theme: what strategies are about and how they are measured."""

    key: str
    th: str
    en: str
    objects: tuple[Pair, ...]
    indicators: tuple[IndicatorTemplate, ...]
    nesdp: tuple[int, ...]  # NESDP strategy numbers that serve this theme


T = IndicatorTemplate
THEMES: tuple[Theme, ...] = (
    Theme("tourism", "การท่องเที่ยว", "tourism", (
        ("การท่องเที่ยวเชิงสร้างสรรค์", "creative tourism"),
        ("แหล่งท่องเที่ยวและสิ่งอำนวยความสะดวก", "tourist attractions and facilities"),
        ("ผู้ประกอบการและบุคลากรทางการท่องเที่ยว", "tourism entrepreneurs and personnel"),
        ("การท่องเที่ยวเชิงวัฒนธรรมและอัตลักษณ์ท้องถิ่น", "cultural tourism and local identity"),
        ("การตลาดและการประชาสัมพันธ์การท่องเที่ยว", "tourism marketing and public relations"),
    ), (
        T("จำนวนนักท่องเที่ยว", "Number of tourists", "unit:PERCENT", "pg:Increase", "pg:Change",
          3, 12),
        T("รายได้จากการท่องเที่ยว", "Tourism revenue", "pgunit:MegaTHB", "pg:Increase",
          "pg:Level", 2000, 120000),
        T("ค่าใช้จ่ายโดยเฉลี่ยของนักท่องเที่ยว", "Average tourist spending",
          "pgunit:THB-PER-PERSON-DAY", "pg:Increase", "pg:Level", 1500, 4500),
        T("จำนวนแหล่งท่องเที่ยวที่ได้รับมาตรฐาน", "Number of certified tourist attractions",
          "unit:NUM", "pg:AtLeast", "pg:Level", 5, 60),
        T("อัตราการเข้าพักของโรงแรมและที่พัก", "Hotel occupancy rate", "unit:PERCENT",
          "pg:AtLeast", "pg:Level", 55, 85),
        T("รายได้จากการจำหน่ายสินค้าหัตถกรรม", "Revenue from handicraft sales", "unit:PERCENT",
          "pg:Increase", "pg:Change", 3, 40),
    ), (9, 3)),
    Theme("agriculture", "เกษตร", "agriculture", (
        ("เกษตรปลอดภัยและเกษตรอินทรีย์", "safe and organic agriculture"),
        ("อุตสาหกรรมเกษตรแปรรูป", "agro-processing industry"),
        ("เกษตรกรและสถาบันเกษตรกร", "farmers and farmer institutions"),
        ("ประสิทธิภาพการผลิตทางการเกษตร", "agricultural production efficiency"),
        ("แหล่งน้ำเพื่อการเกษตร", "water sources for agriculture"),
    ), (
        T("ผลิตภัณฑ์มวลรวมภาคเกษตร", "Agricultural gross product", "unit:PERCENT", "pg:Increase",
          "pg:Change", 2, 8),
        T("พื้นที่เกษตรอินทรีย์", "Organic farming area", "pgunit:RAI", "pg:AtLeast", "pg:Level",
          2000, 50000),
        T("จำนวนแปลงและฟาร์มที่ได้รับรองมาตรฐาน GAP", "Number of GAP-certified plots and farms",
          "unit:NUM", "pg:AtLeast", "pg:Level", 100, 3000),
        T("ปริมาณผลผลิตข้าวคุณภาพ", "Output of quality rice", "unit:TONNE", "pg:Increase",
          "pg:Level", 5000, 90000),
        T("มูลค่าสินค้าเกษตรแปรรูป", "Value of processed agricultural goods", "pgunit:MegaTHB",
          "pg:Increase", "pg:Level", 500, 20000),
        T("รายได้เฉลี่ยของครัวเรือนเกษตรกร", "Average farm household income",
          "pgunit:THB-PER-MO", "pg:Increase", "pg:Level", 12000, 30000),
    ), (3, 8)),
    Theme("economy", "เศรษฐกิจ", "economy", (
        ("การค้าการลงทุนและเศรษฐกิจชายแดน", "trade, investment and the border economy"),
        ("วิสาหกิจขนาดกลางขนาดย่อมและวิสาหกิจชุมชน", "SMEs and community enterprises"),
        ("โครงสร้างพื้นฐานและระบบโลจิสติกส์", "infrastructure and logistics"),
        ("หัตถอุตสาหกรรมและผลิตภัณฑ์ชุมชน", "handicraft industry and community products"),
        ("อุตสาหกรรมมูลค่าสูง", "high-value industry"),
    ), (
        T("ผลิตภัณฑ์มวลรวมจังหวัด", "Gross provincial product", "unit:PERCENT", "pg:Increase",
          "pg:Change", 2, 6),
        T("มูลค่าการค้าชายแดน", "Border trade value", "pgunit:MegaTHB", "pg:Increase",
          "pg:Level", 1000, 80000),
        T("จำนวนวิสาหกิจชุมชนที่ได้รับมาตรฐาน", "Number of certified community enterprises",
          "unit:NUM", "pg:AtLeast", "pg:Level", 20, 400),
        T("มูลค่าการจำหน่ายผลิตภัณฑ์ชุมชน", "Sales of community products", "unit:PERCENT",
          "pg:Increase", "pg:Change", 3, 15),
        T("มูลค่าการลงทุนภาคอุตสาหกรรม", "Industrial investment", "pgunit:MegaTHB",
          "pg:Increase", "pg:Level", 500, 40000),
        T("ค่าสัมประสิทธิ์จีนี", "Gini coefficient", "unit:UNITLESS", "pg:Decrease", "pg:Level",
          0.30, 0.45, 2),
    ), (3, 7, 10)),
    Theme("society", "สังคม", "society", (
        ("คุณภาพชีวิตของประชาชนทุกกลุ่มทุกช่วงวัย", "the quality of life of people of all ages"),
        ("ระบบดูแลผู้สูงอายุ", "elderly care"),
        ("ทักษะฝีมือแรงงาน", "labour skills"),
        ("ระบบสวัสดิการสังคม", "social welfare"),
        ("การศึกษาและการเรียนรู้ตลอดชีวิต", "education and lifelong learning"),
    ), (
        T("รายได้ครัวเรือนเฉลี่ย", "Average household income", "pgunit:THB-PER-MO",
          "pg:Increase", "pg:Level", 15000, 35000),
        T("สัดส่วนคนจน", "Share of people in poverty", "unit:PERCENT", "pg:Decrease", "pg:Level",
          3, 20, 1),
        T("จำนวนผู้สูงอายุที่ได้รับการดูแล", "Number of elderly people receiving care",
          "unit:NUM", "pg:AtLeast", "pg:Level", 500, 20000),
        T("แรงงานที่ได้รับการพัฒนาทักษะ", "Workers trained in skills", "unit:NUM", "pg:AtLeast",
          "pg:Level", 300, 10000),
        T("ประชาชนที่เข้าถึงบริการขั้นพื้นฐานของภาครัฐ", "People with access to basic services",
          "unit:PERCENT", "pg:AtLeast", "pg:Level", 80, 99),
    ), (1, 2, 9)),
    Theme("environment", "ทรัพยากรธรรมชาติและสิ่งแวดล้อม", "natural resources and environment", (
        ("ทรัพยากรธรรมชาติและสิ่งแวดล้อม", "natural resources and the environment"),
        ("ป่าต้นน้ำ", "headwater forests"),
        ("ระบบบริหารจัดการน้ำ", "water management"),
        ("การป้องกันและแก้ไขปัญหาหมอกควัน", "smog prevention and control"),
        ("การจัดการขยะมูลฝอย", "solid-waste management"),
    ), (
        T("พื้นที่ป่าไม้", "Forest area", "pgunit:RAI", "pg:AtLeast", "pg:Level", 50000,
          900000),
        T("จำนวนจุดความร้อน", "Number of hotspots", "unit:PERCENT", "pg:Decrease", "pg:Change",
          5, 30),
        T("ปริมาณขยะมูลฝอยที่ได้รับการจัดการอย่างถูกต้อง", "Solid waste properly managed",
          "unit:TONNE", "pg:AtLeast", "pg:Level", 1000, 60000),
        T("ค่าเฉลี่ยฝุ่นละอองขนาดเล็ก PM2.5 ที่เกินมาตรฐาน", "Days with PM2.5 above the standard",
          "unit:NUM", "pg:AtMost", "pg:Level", 5, 40),
        T("พื้นที่ชลประทาน", "Irrigated area", "pgunit:RAI", "pg:Increase", "pg:Level", 10000,
          300000),
    ), (4,)),
    Theme("governance", "ความมั่นคงและการบริหารจัดการภาครัฐ", "security and public administration", (
        ("ความมั่นคงปลอดภัยในชีวิตและทรัพย์สิน", "safety of life and property"),
        ("ธรรมาภิบาลในการบริหารราชการ", "good governance in public administration"),
        ("การป้องกันและบรรเทาสาธารณภัย", "disaster prevention and relief"),
        ("การป้องกันและปราบปรามยาเสพติด", "drug prevention and suppression"),
    ), (
        T("คดีอาชญากรรมต่อชีวิตและทรัพย์สิน", "Crimes against life and property", "unit:PERCENT",
          "pg:Decrease", "pg:Change", 5, 20),
        T("ความพึงพอใจของประชาชนต่อการให้บริการของภาครัฐ", "Satisfaction with public services",
          "unit:PERCENT", "pg:AtLeast", "pg:Level", 75, 95),
        T("จำนวนหมู่บ้านปลอดยาเสพติด", "Number of drug-free villages", "unit:NUM", "pg:AtLeast",
          "pg:Level", 50, 900),
        T("ผู้เสียชีวิตจากอุบัติเหตุทางถนน", "Road-accident deaths", "unit:NUM", "pg:AtMost",
          "pg:Level", 40, 400),
    ), (5, 6)),
)

#: Themes whose wording overlaps (tourism and the economy share community products, farming
#: and the environment share water…): a phrase on one theme sometimes borrows a neighbour's.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "tourism": ("economy", "environment"),
    "agriculture": ("economy", "environment"),
    "economy": ("tourism", "agriculture", "society"),
    "society": ("economy", "governance"),
    "environment": ("agriculture", "governance", "tourism"),
    "governance": ("society", "environment"),
}

#: What plans of every theme talk about: shared by all themes, so they tie nothing together.
COMMON_OBJECTS: tuple[Pair, ...] = (
    ("เศรษฐกิจฐานราก", "the grassroots economy"),
    ("คุณภาพชีวิตของประชาชน", "people's quality of life"),
    ("เทคโนโลยีดิจิทัลและนวัตกรรม", "digital technology and innovation"),
    ("เครือข่ายความร่วมมือทุกภาคส่วน", "networks of cooperation across all sectors"),
    ("ศักยภาพของพื้นที่", "the area's potential"),
    ("ทุนทางสังคมและวัฒนธรรม", "social and cultural capital"),
    ("ความสามารถในการแข่งขัน", "competitiveness"),
    ("การเชื่อมโยงเครือข่ายในกลุ่มจังหวัด", "links across the cluster's provinces"),
)

#: Boilerplate clauses that close statements of any theme.
TAILS: tuple[Pair, ...] = (
    ("ให้เกิดประโยชน์ต่อประชาชนในพื้นที่", "for the benefit of local people"),
    ("โดยการบูรณาการของทุกภาคส่วน", "through the integrated work of all sectors"),
    ("เพื่อรองรับการเปลี่ยนแปลง", "to cope with change"),
    ("โดยใช้เทคโนโลยีและนวัตกรรม", "using technology and innovation"),
    ("สู่มาตรฐานสากล", "to international standards"),
    ("บนพื้นฐานของศักยภาพและอัตลักษณ์ของพื้นที่", "building on the area's potential and identity"),
)

#: Other wordings of the same quantity (Thai only: the English gloss stays right), so that a
#: province and its cluster may name one indicator differently, as Lampang and its cluster do.
INDICATOR_WORDINGS: tuple[Pair, ...] = (
    ("จำนวนนักท่องเที่ยว", "จำนวนผู้มาเยือน"),
    ("รายได้จากการท่องเที่ยว", "รายรับจากการท่องเที่ยว"),
    ("ค่าใช้จ่ายโดยเฉลี่ยของนักท่องเที่ยว", "ค่าใช้จ่ายเฉลี่ยต่อหัวของผู้มาเยือน"),
    ("อัตราการเข้าพัก", "อัตราการใช้ห้องพัก"),
    ("ผลิตภัณฑ์มวลรวมภาคเกษตร", "มูลค่าผลผลิตภาคเกษตร"),
    ("พื้นที่เกษตรอินทรีย์", "เนื้อที่ทำเกษตรอินทรีย์"),
    ("ได้รับรองมาตรฐาน", "ผ่านการรับรองมาตรฐาน"),
    ("ได้รับมาตรฐาน", "ผ่านการรับรองมาตรฐาน"),
    ("ผลผลิตข้าวคุณภาพ", "ข้าวคุณภาพดีที่ผลิตได้"),
    ("ผลิตภัณฑ์มวลรวมจังหวัด", "มูลค่าผลิตภัณฑ์มวลรวมของจังหวัด"),
    ("มูลค่าการค้าชายแดน", "มูลค่าการค้าผ่านแดนและชายแดน"),
    ("ค่าสัมประสิทธิ์จีนี", "ความเหลื่อมล้ำของรายได้ (ค่าจีนี)"),
    ("สัดส่วนคนจน", "สัดส่วนประชากรยากจน"),
    ("ผู้สูงอายุ", "ผู้สูงวัย"),
    ("แรงงานที่ได้รับการพัฒนาทักษะ", "กำลังแรงงานที่ผ่านการฝึกทักษะ"),
    ("พื้นที่ป่าไม้", "เนื้อที่ป่า"),
    ("จุดความร้อน", "จุดความร้อนสะสม"),
    ("ขยะมูลฝอย", "ขยะชุมชน"),
    ("คดีอาชญากรรมต่อชีวิตและทรัพย์สิน", "อาชญากรรมที่เกิดกับชีวิตและทรัพย์สิน"),
    ("ความพึงพอใจของประชาชน", "ความพอใจของผู้รับบริการ"),
    ("อุบัติเหตุทางถนน", "อุบัติเหตุจราจร"),
)

#: Thai and English wording of each direction for (measure = Level, Change).
DIRECTION_WORDS: dict[str, tuple[Pair, Pair]] = {
    "pg:Increase": (("เพิ่มขึ้นเป็น", "rises to"), ("เพิ่มขึ้น", "rises by")),
    "pg:Decrease": (("ลดลงเหลือ", "falls to"), ("ลดลง", "falls by")),
    "pg:AtLeast": (("ไม่น้อยกว่า", "at least"), ("เพิ่มขึ้นไม่น้อยกว่า", "rises by at least")),
    "pg:AtMost": (("ไม่เกิน", "at most"), ("ไม่เกิน", "at most")),
}

#: How each unit is written after (or, for percent, before) the number: Thai, English.
UNIT_WORDS: dict[str, Pair] = {
    "unit:PERCENT": ("ร้อยละ", "percent"),
    "unit:UNITLESS": ("", ""),
    "unit:NUM": ("", ""),
    "unit:TONNE": ("ตัน", "tonnes"),
    "pgunit:RAI": ("ไร่", "rai"),
    "pgunit:MegaTHB": ("ล้านบาท", "million baht"),
    "pgunit:THB-PER-MO": ("บาท/เดือน", "baht per month"),
    "pgunit:THB-PER-PERSON-DAY": ("บาท/คน/วัน", "baht per person per day"),
}
