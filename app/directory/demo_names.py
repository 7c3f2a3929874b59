"""Invented but plausible names for the demo network of Phitsanulok (see app/directory/demo.py).

The organizations are made up; only the places (GeoThai), the local
administrations and the provincial agencies are real names.
"""

#: Public-benefit organizations: name, a Latin slug for e-mail and LINE, the place (a district
#: code, a subdistrict code, or None for anywhere in the province), welfare fields and target
#: groups (keys of app.directory.labels, separated by spaces).
PUBLIC_BENEFIT = (
    ("มูลนิธิพัฒนาเด็กและเยาวชนสองแคว", "songkhwae.youth", "6501", "education social_services", "children youth"),
    ("มูลนิธิเพื่อผู้สูงอายุลุ่มน้ำน่าน", "nan.elderly", None, "health social_services", "elderly"),
    ("มูลนิธิรักษ์ครอบครัวพิษณุโลก", "rakfamily", "6501", "social_services", "families women"),
    ("มูลนิธิแสงธรรมเพื่อคนพิการ", "sangtham", None, "vocational_training social_services", "disabled"),
    ("มูลนิธิบ้านอุ่นใจนครไทย", "baanaunjai", "6502", "housing social_services", "children homeless"),
    ("มูลนิธิสุขภาพชุมชนวังทอง", "wangthong.health", "6508", "health", "community elderly"),
    ("มูลนิธิการศึกษาเพื่อเด็กชนบทชาติตระการ", "chattrakan.edu", "6503", "education", "children"),
    ("มูลนิธิพัฒนาอาชีพสตรีบางระกำ", "bangrakam.women", "6504", "vocational_training employment", "women"),
    ("มูลนิธิเพื่อนช่วยเพื่อนพรหมพิราม", "phromphiram.friends", "6506", "social_services", "low_income"),
    ("มูลนิธิกู้ภัยสว่างธรรมพิษณุโลก", "sawangtham.rescue", "6501", "health social_services", "community"),
    ("มูลนิธิร่วมใจพัฒนาเนินมะปราง", "noenmaprang.dev", "6509", "employment", "community low_income"),
    ("มูลนิธิคืนคนดีสู่สังคม", "goodpeople", None, "justice vocational_training", "youth"),
    ("มูลนิธิบ้านพักพิงผู้ไร้ที่พึ่ง", "shelter", "6501", "housing social_services", "homeless"),
    ("มูลนิธิศิลปะและนันทนาการเยาวชนพิษณุโลก", "youth.arts", "6501", "recreation education", "youth"),
    ("มูลนิธิดวงตะวันเพื่อเด็กพิเศษ", "duangtawan", None, "education health", "children disabled"),
    ("มูลนิธิพระพุทธชินราชสงเคราะห์", "chinnarat.aid", "6501", "social_services", "low_income elderly"),
    ("สมาคมคนพิการจังหวัดพิษณุโลก", "disabled.pl", "6501", "social_services employment", "disabled"),
    ("สมาคมผู้สูงอายุอำเภอเมืองพิษณุโลก", "mueang.elderly", "6501", "health recreation", "elderly"),
    ("สมาคมสตรีนักพัฒนาวัดโบสถ์", "watbot.women", "6507", "employment social_services", "women families"),
    ("สมาคมคนตาบอดพิษณุโลก", "blind.pl", "6501", "vocational_training social_services", "disabled"),
    ("สมาคมผู้ปกครองเด็กออทิสติกพิษณุโลก", "autism.parents", None, "education health", "children families"),
    ("สมาคมอาสาสมัครพัฒนาสังคมจังหวัดพิษณุโลก", "apm.pl", "6501", "social_services", "community"),
    ("สมาคมเกษตรกรรุ่นใหม่บางกระทุ่ม", "bangkrathum.farmers", "6505", "vocational_training employment", "youth"),
    ("สมาคมส่งเสริมอาชีพคนพิการทางการเคลื่อนไหว", "mobility.jobs", None, "employment", "disabled"),
    ("สมาคมครอบครัวอบอุ่นนครไทย", "nakhonthai.family", "6502", "social_services", "families children"),
    ("สมาคมกีฬาและนันทนาการผู้สูงอายุพิษณุโลก", "elderly.sports", None, "recreation health", "elderly"),
    ("สมาคมคนหูหนวกจังหวัดพิษณุโลก", "deaf.pl", "6501", "education social_services", "disabled"),
    ("สมาคมพัฒนาที่อยู่อาศัยชุมชนเมืองพิษณุโลก", "urban.housing", "6501", "housing", "low_income community"),
    ("สมาคมยุติธรรมชุมชนพิษณุโลก", "community.justice", None, "justice", "community youth"),
    ("สมาคมเยาวชนจิตอาสาสองแคว", "songkhwae.volunteers", None, "recreation social_services", "youth"),
    ("ชมรมผู้สูงอายุตำบลวัดจันทร์", "watchan.elderly", "650103", "health recreation", "elderly"),
    ("ชมรมอาสาสมัครดูแลผู้สูงอายุวังทอง", "wangthong.carers", "6508", "health social_services", "elderly"),
    ("ชมรมผู้ปกครองเด็กพิการชาติตระการ", "chattrakan.parents", "6503", "education", "children disabled"),
    ("ชมรมแม่บ้านเกษตรกรพรหมพิราม", "phromphiram.housewives", "6506", "employment", "women"),
    ("ชมรมคนรักสุขภาพบางระกำ", "bangrakam.health", "6504", "health recreation", "community"),
    ("ชมรมเพื่อนครอบครัวเนินมะปราง", "noenmaprang.family", "6509", "social_services", "families"),
    ("ชมรมผู้สูงอายุตำบลบ้านยาง", "banyang.elderly", "650704", "health", "elderly"),
    ("ชมรมจักรยานเพื่อสุขภาพพิษณุโลก", "cycling.pl", "6501", "recreation health", "community"),
    ("ชมรมอาสาพัฒนาเยาวชนบางกระทุ่ม", "bangkrathum.youth", "6505", "education recreation", "youth"),
    ("ชมรมเพื่อนใจรักษ์สุขภาพ", "phuanjai", None, "health", "community low_income"),
    ("ชมรมคนพิการอำเภอนครไทย", "nakhonthai.disabled", "6502", "social_services", "disabled"),
    ("ชมรมผู้นำสตรีอำเภอวังทอง", "wangthong.women", "6508", "social_services employment", "women"),
)  # fmt: skip

#: Local administrations: name, subdistrict code of their office, key of their POSITIONS.
LOCAL_ADMINISTRATIONS = (
    ("องค์การบริหารส่วนจังหวัดพิษณุโลก", "650101", "province"),
    ("เทศบาลนครพิษณุโลก", "650101", "municipality"),
    ("เทศบาลเมืองอรัญญิก", "650117", "municipality"),
    ("เทศบาลตำบลวังทอง", "650801", "municipality"),
    ("องค์การบริหารส่วนตำบลวัดพริก", "650104", "subdistrict"),
    ("องค์การบริหารส่วนตำบลบ้านกลาง", "650804", "subdistrict"),
    ("องค์การบริหารส่วนตำบลชมพู", "650901", "subdistrict"),
)

#: Provincial government agencies: name, the head's title, and a field of work.
GOVERNMENT_AGENCIES = (
    ("สำนักงานสาธารณสุขจังหวัดพิษณุโลก", "นายแพทย์สาธารณสุขจังหวัด", "health"),
    ("สำนักงานพัฒนาชุมชนจังหวัดพิษณุโลก", "พัฒนาการจังหวัด", "employment"),
    ("สำนักงานแรงงานจังหวัดพิษณุโลก", "แรงงานจังหวัด", "employment"),
    ("สำนักงานส่งเสริมการเรียนรู้จังหวัดพิษณุโลก", "ผู้อำนวยการ", "education"),
    ("บ้านพักเด็กและครอบครัวจังหวัดพิษณุโลก", "ผู้อำนวยการ", "social_services"),
)

#: Positions in each kind of body, the head first; the Latin key names a contact's e-mail.
POSITIONS = {
    "foundation": (("ประธานมูลนิธิ", "chair"), ("เลขานุการมูลนิธิ", "secretary"), ("เหรัญญิก", "treasurer")),
    "association": (("นายกสมาคม", "president"), ("อุปนายกสมาคม", "vice"), ("เลขานุการสมาคม", "secretary")),
    "club": (("ประธานชมรม", "chair"), ("รองประธานชมรม", "vice"), ("เลขานุการชมรม", "secretary")),
    "community_welfare": (("ประธานคณะกรรมการ", "chair"), ("เลขานุการ", "secretary"), ("เหรัญญิก", "treasurer")),
    "province": (
        ("นายกองค์การบริหารส่วนจังหวัด", "mayor"),
        ("ปลัดองค์การบริหารส่วนจังหวัด", "clerk"),
        ("นักพัฒนาสังคม", "social"),
    ),
    "municipality": (("นายกเทศมนตรี", "mayor"), ("ปลัดเทศบาล", "clerk"), ("นักพัฒนาชุมชน", "community")),
    "subdistrict": (
        ("นายกองค์การบริหารส่วนตำบล", "mayor"),
        ("ปลัดองค์การบริหารส่วนตำบล", "clerk"),
        ("นักพัฒนาชุมชน", "community"),
    ),
    "agency": (("", "director"), ("นักวิชาการ", "officer"), ("เจ้าหน้าที่ประสานงาน", "liaison")),
}  # fmt: skip

MALE_FIRST_NAMES = (
    "สมชาย", "สมศักดิ์", "ประเสริฐ", "วิชัย", "สุรชัย", "อนุชา", "ธนากร", "กิตติพงษ์", "ชัยวัฒน์",
    "บุญมี", "สมบัติ", "ณรงค์", "วีระ", "สุเมธ", "พงศกร", "อำนาจ", "ทองใบ", "เกรียงไกร",
    "ศักดิ์ชัย", "มานพ", "สมพงษ์", "จักรพันธ์", "ธีรวัฒน์", "วิโรจน์", "บุญส่ง", "ประจวบ",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "สมใจ", "สุนีย์", "มาลัย", "วันเพ็ญ", "จันทร์เพ็ญ", "กาญจนา", "พิมพ์ชนก", "รัตนา", "สุดารัตน์",
    "นงลักษณ์", "อรุณี", "ประภาพร", "ศิริพร", "ละเอียด", "บุญเรือน", "ทองเหมือน", "ปราณี",
    "วิไลวรรณ", "อัญชลี", "นิตยา", "จิราพร", "เยาวลักษณ์", "สายสุนีย์", "ดวงใจ", "กนกวรรณ", "บังอร",
)  # fmt: skip
LAST_NAMES = (
    "ใจดี", "แก้วประเสริฐ", "ทองคำ", "บุญมา", "ศรีสุข", "จันทร์หอม", "พึ่งบุญ", "อินทร์แก้ว",
    "มีสุข", "รุ่งเรือง", "สุขสวัสดิ์", "วงศ์สวัสดิ์", "เพ็ชรรัตน์", "ปานทอง", "คงมั่น", "ชูศรี",
    "นาคสุข", "ทองดี", "พรหมมา", "อยู่เย็น", "เรืองศรี", "สิงห์ทอง", "แสงจันทร์", "บัวทอง",
    "ศรีเมือง", "กล้าหาญ", "ประสงค์สุข", "ทองมา", "ยอดเพชร", "พุ่มพวง", "เกตุแก้ว", "มั่นคง",
    "สมบูรณ์", "ศรีวงษ์", "อ่อนศรี", "จำปาทอง", "ปัญญาดี", "สายทอง", "ชัยมงคล", "ด้วงทอง",
)  # fmt: skip
#: Name prefixes with their weights; ranks and titles are rarer than นาย, นาง, นางสาว.
MALE_PREFIXES = (("นาย", 12), ("ว่าที่ร้อยตรี", 1), ("ดร.", 1))
FEMALE_PREFIXES = (("นาง", 7), ("นางสาว", 6), ("ดร.", 1))

#: Roads of the city of Phitsanulok, for addresses in the capital district.
CITY_ROADS = (
    "ถนนบรมไตรโลกนาถ", "ถนนพระองค์ดำ", "ถนนสิงหวัฒน์", "ถนนพญาเสือ", "ถนนเอกาทศรถ",
    "ถนนนเรศวร", "ถนนมิตรภาพ", "ถนนวังจันทน์", "ถนนพุทธบูชา", "ถนนศรีธรรมไตรปิฎก",
)  # fmt: skip
